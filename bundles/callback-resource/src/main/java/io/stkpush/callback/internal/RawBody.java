package io.stkpush.callback.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A request body read up to a limit. The stream itself is counted (a sender may lie in Content-Length or send
 * none); reading stops one byte past the limit.
 *
 * @param text     the body as UTF-8 text, cut at the limit when too large
 * @param tooLarge whether there was more than the limit
 */
record RawBody(String text, boolean tooLarge) {

    static RawBody read(InputStream in, int limit) throws IOException {
        if (in == null) {
            return new RawBody("", false);
        }
        ByteArrayOutputStream kept = new ByteArrayOutputStream(Math.min(limit, 8192));
        byte[] buffer = new byte[8192];
        int total = 0;
        while (total <= limit) {
            int n = in.read(buffer, 0, Math.min(buffer.length, limit + 1 - total));
            if (n < 0) {
                break;
            }
            total += n;
            kept.write(buffer, 0, n);
        }
        boolean tooLarge = total > limit;
        byte[] bytes = kept.toByteArray();
        String text = new String(bytes, 0, Math.min(bytes.length, limit), StandardCharsets.UTF_8);
        // PostgreSQL text cannot hold NUL; JSON never contains a raw one, so the body is malformed anyway
        return new RawBody(text.replace('\u0000', '\uFFFD'), tooLarge);
    }
}
