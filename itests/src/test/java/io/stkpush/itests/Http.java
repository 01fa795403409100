package io.stkpush.itests;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/** Plain HTTP against the Karaf under test, with polling to a deadline while features settle. */
final class Http {

    record Answer(int status, String body) {
    }

    private Http() {
    }

    static String url(String path) {
        return "http://localhost:" + System.getProperty("stkpush.http.port", "18181") + path;
    }

    static Answer get(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url(path)).openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(10_000);
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            return new Answer(status, in == null ? "" : read(in));
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        }
    }

    /** GETs until the answer satisfies {@code wanted} or the deadline passes; returns the last answer. */
    static Answer getUntil(String path, Predicate<Answer> wanted, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Answer last = get(path);
        while (!wanted.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(250); // poll interval, not a wait for the result: the deadline bounds it
            last = get(path);
        }
        return last;
    }

    /**
     * Waits until every path answers 200 several times in a row. While the boot features settle, the JAX-RS
     * whiteboard re-publishes its application whenever a resource or extension arrives, and each path can
     * answer 404 for a moment even after it has answered 200.
     */
    static void awaitSettled(java.util.List<String> paths, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int inARow = 0;
        String last = "";
        while (inARow < 5) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not settled within " + within + ": " + last);
            }
            boolean allUp = true;
            for (String path : paths) {
                Answer answer = get(path);
                if (answer.status() != 200) {
                    allUp = false;
                    last = path + " answered " + answer.status();
                }
            }
            inARow = allUp ? inARow + 1 : 0;
            Thread.sleep(200); // poll interval; the deadline bounds the wait
        }
    }

    private static String read(InputStream in) throws IOException {
        try (InputStream i = in) {
            return new String(i.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
