package io.stkpush.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live benchmark's HTTP side. Callbacks go through one HTTP/1.1 keep-alive connection per sender, the same
 * minimal client as {@code KeepAliveConnection} (the JDK's clients cost more CPU per request than Jetty does
 * answering it, and the load side shares two cores with Karaf and PostgreSQL); a copy of its own, so this
 * benchmark compiles apart from the others. Tickets for the events WebSocket come from the operator API through
 * the JDK's client: a few requests, not load.
 */
final class LiveHttp implements AutoCloseable {

    private static final Pattern TICKET = Pattern.compile("\"ticket\"\\s*:\\s*\"([^\"]+)\"");

    private final String host;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    LiveHttp(URI base) throws IOException {
        this.host = base.getHost() + ":" + base.getPort();
        this.socket = new Socket(base.getHost(), base.getPort());
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** Posts the JSON body and returns the status, having read the whole answer (Content-Length or chunked). */
    int post(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();

        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        int length = 0;
        boolean chunked = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                in.readNBytes(size);
                line();
            }
            line(); // the empty line after the last chunk (no trailers here)
        } else {
            in.readNBytes(length);
        }
        return code;
    }

    private int chunkSize() throws IOException {
        String size = line();
        int semicolon = size.indexOf(';');
        return Integer.parseInt(semicolon < 0 ? size.trim() : size.substring(0, semicolon).trim(), 16);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed mid-answer");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
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
