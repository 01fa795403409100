package io.stkpush.callback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.Push;
import io.stkpush.api.PushStatus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The source-address allow list in its three modes, with and without a trusted proxy in front. */
class SourceAddressHttpTest {

    private static final String SAFARICOM = "196.201.214.200";
    @RegisterExtension
    static final HooksFixture f = new HooksFixture();

    @Test
    void enforceRefusesAnUnlistedSenderWith403() throws Exception {
        f.configure("allowListMode", "enforce");
        Push push = f.waitingPush(1);

        HttpResponse<String> response = cancel(push);

        assertEquals(403, response.statusCode());
        assertEquals("{\"error\":\"forbidden\",\"message\":\"This address may not call back.\"}", response.body());
        assertEquals(Disposition.REJECTED, f.lastJournal().disposition());
        assertEquals("source address 127.0.0.1 not in the allow list", f.lastJournal().note());
        assertEquals(PushStatus.WAITING, f.push(push.id()).status());
    }

    @Test
    void enforceAcceptsAListedSender() throws Exception {
        f.configure("allowListMode", "enforce", "allowList", new String[] {SAFARICOM, "127.0.0.0/8"});
        Push push = f.waitingPush(1);

        assertEquals(200, cancel(push).statusCode());
        assertEquals(PushStatus.CANCELLED, f.push(push.id()).status());
    }

    @Test
    void logAcceptsAnUnlistedSenderAndNotesIt() throws Exception {
        f.configure("allowListMode", "log");
        Push push = f.waitingPush(1);

        assertEquals(200, cancel(push).statusCode());
        assertEquals(PushStatus.CANCELLED, f.push(push.id()).status());
        assertEquals(Disposition.SETTLED, f.lastJournal().disposition());
        assertTrue(f.lastJournal().note().startsWith("source address 127.0.0.1 not in the allow list; "),
                f.lastJournal().note());
    }

    @Test
    void offChecksNothing() throws Exception {
        f.configure("allowListMode", "off", "allowList", new String[] {SAFARICOM});
        Push push = f.waitingPush(1);

        assertEquals(200, cancel(push).statusCode());
        assertEquals("CANCELLED (code 1032)", f.lastJournal().note());
    }

    @Test
    void behindATrustedProxyTheForwardedSenderIsChecked() throws Exception {
        f.configure("allowListMode", "enforce", "trustedProxies", new String[] {"127.0.0.1"});
        Push push = f.waitingPush(1);

        HttpResponse<String> response = cancel(push, "X-Forwarded-For", SAFARICOM);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(SAFARICOM, f.lastJournal().event().remoteAddress());
        assertEquals(PushStatus.CANCELLED, f.push(push.id()).status());
    }

    @Test
    void aForgedForwardedForBehindTheProxyDoesNotPass() throws Exception {
        f.configure("allowListMode", "enforce", "trustedProxies", new String[] {"127.0.0.1"});
        Push push = f.waitingPush(1);

        // the client claims to be Safaricom; the proxy appends the address it really saw
        HttpResponse<String> response = cancel(push, "X-Forwarded-For", SAFARICOM + ", 203.0.113.9");

        assertEquals(403, response.statusCode());
        assertEquals("203.0.113.9", f.lastJournal().event().remoteAddress());
    }

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
        f.configure("allowListMode", "enforce");
        Push push = f.waitingPush(1);

        HttpResponse<String> response = cancel(push, "X-Forwarded-For", SAFARICOM);

        assertEquals(403, response.statusCode());
        assertEquals("127.0.0.1", f.lastJournal().event().remoteAddress());
    }

    @Test
    void aBadTokenIs404EvenFromAnUnlistedSender() throws Exception {
        f.configure("allowListMode", "enforce");
        Push push = f.waitingPush(1);

        HttpResponse<String> response = f.post("/hooks/daraja/stk/" + push.id() + "/" + "a".repeat(32), "{}");

        assertEquals(404, response.statusCode(), "a prober learns nothing about the allow list");
        assertEquals("bad token", f.lastJournal().note());
    }

    private static HttpResponse<String> cancel(Push push, String... headers) throws Exception {
        String body = Callbacks.failure(push.checkoutRequestId().value(), "1032", "Request cancelled by user");
        return f.post(f.stkPath(push.id()), body, headers);
    }
}
