package io.stkpush.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection that posts JSON (or GETs with an operator's credentials) and reads the
 * answer: the load side of a benchmark, kept as light as pgjdbc is on the insert side. The JDK's clients
 * (HttpURLConnection, HttpClient) spend more CPU per request than Jetty does answering it; on a 2-core machine
 * they measured the client, not the server (a plain 404 answered about 4,000 times a second through them,
 * 11,000 through this).
 *
 * <p>Handles exactly what Jetty answers here: a status line, headers, and a body framed by Content-Length or
 * chunked encoding. Not a general HTTP client.
 */
final class KeepAliveConnection implements AutoCloseable {

    private final String host;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    KeepAliveConnection(URI base) throws IOException {
        this.host = base.getHost() + ":" + base.getPort();
        this.socket = new Socket(base.getHost(), base.getPort());
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** Posts the JSON body and returns the status, having read the whole answer. */
    int post(String path, String json) throws IOException {
        return exchange("POST", path, null, json).status();
    }

    /** GETs the path with the given {@code Authorization} header (or none) and returns the whole answer. */
    Answer get(String path, String authorization) throws IOException {
        return exchange("GET", path, authorization, null);
    }

    /** A status and its body. */
    record Answer(int status, String body) {
    }

    private Answer exchange(String method, String path, String authorization, String json) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path)
                .append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (json != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
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
        ByteArrayOutputStream answer = new ByteArrayOutputStream(Math.max(length, 64));
        if (chunked) {
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                answer.write(in.readNBytes(size));
                line();
            }
            line(); // the empty line after the last chunk (no trailers here)
        } else {
            answer.write(in.readNBytes(length));
        }
        return new Answer(code, answer.toString(StandardCharsets.UTF_8));
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
}
