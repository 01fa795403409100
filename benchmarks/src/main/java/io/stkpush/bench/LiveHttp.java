package io.stkpush.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live benchmark's operator side of HTTP: tickets for the events WebSocket, through the JDK's client (a few
 * requests, not load). Callbacks go through {@link KeepAliveConnection}, one per sender.
 */
final class LiveHttp {

    private static final Pattern TICKET = Pattern.compile("\"ticket\"\\s*:\\s*\"([^\"]+)\"");

    private LiveHttp() {
    }

    /**
     * A single-use events ticket, as a page takes one: {@code POST /stkpush/api/events/tickets} with the operator's
     * Basic login.
     *
     * @param operator {@code user:password}
     */
    static String ticket(HttpClient client, URI base, String operator) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/stkpush/api/events/tickets"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(operator.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher ticket = TICKET.matcher(answer.body());
        if (answer.statusCode() != 200 || !ticket.find()) {
            throw new IOException("no events ticket from " + base + ": HTTP " + answer.statusCode());
        }
        return ticket.group(1);
    }
}
