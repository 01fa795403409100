package io.stkpush.callback.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;

import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.PushId;
import io.stkpush.api.ReceivedMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every hook does before looking at the body: read it (limited), then check the token, the sender's address
 * and the size, none of which needs the database. A refused request is journaled as refused, in one write, so that
 * nothing received is lost; an admitted one is journaled by its hook with what was done with it (an STK callback
 * in its settlement's transaction). When the journal cannot take a message, a request that passed the checks is
 * for the {@link CallbackSpool}: Daraja does not send a callback again, so "try later" would lose it.
 */
final class HookGate {

    private static final Logger LOG = LoggerFactory.getLogger(HookGate.class);
    private static final int ADDRESS_LIMIT = 64;

    private final ProviderAnswers answers;
    private final CallbackSpool spool;

    HookGate(ProviderAnswers answers, CallbackSpool spool) {
        this.answers = answers;
        this.spool = spool;
    }

    /**
     * @param pushId       the push the URL names, or {@code null}
     * @param tokenIsValid checks the URL's token against the current key
     * @param remoteAddress the connection's peer
     * @param forwardedFor  the {@code X-Forwarded-For} header, or {@code null}
     */
    Intake admit(CallbackSettings settings, Channel channel, PushId pushId, Predicate<HookTokens> tokenIsValid,
            String remoteAddress, String forwardedFor, InputStream in) {
        RawBody body;
        try {
            body = RawBody.read(in, settings.maxBodyBytes());
        } catch (IOException e) {
            // the sender went away mid-body: there is nothing whole to keep, and no one to answer
            LOG.warn("{} from {}: the body could not be read ({})", channel, remoteAddress, e.getClass().getSimpleName());
            return Intake.refused(HookAnswer.invalid("The body could not be read."));
        }
        String sender = clip(settings.senders().sender(remoteAddress, forwardedFor));
        ReceivedMessage message = new ReceivedMessage(new ProviderEvent(channel, pushId, sender, body.text()));
        if (!tokenIsValid.test(settings.tokens())) {
            return refuse(message, HookAnswer.notFound(), "bad token", "with a wrong token or id");
        }
        boolean unlisted = false;
        switch (settings.senders().check(sender)) {
            case REFUSED:
                return refuse(message, HookAnswer.forbidden(), "source address " + sender + " not in the allow list",
                        "outside the allow list");
            case UNLISTED:
                LOG.warn("{} from {}, outside the allow list, accepted (allowListMode=log)", channel, sender);
                message.note("source address " + sender + " not in the allow list");
                unlisted = true;
                break;
            default:
                break;
        }
        if (body.tooLarge()) {
            return refuse(message, HookAnswer.tooLarge(settings.maxBodyBytes()), "body larger than "
                    + settings.maxBodyBytes() + " bytes; journaled truncated",
                    "larger than " + settings.maxBodyBytes() + " bytes");
        }
        return Intake.admitted(message, sender, unlisted);
    }

    /** Journals a refused request as REJECTED (when the journal can take it) and answers it. */
    private Intake refuse(ReceivedMessage message, HookAnswer answer, String note, String why) {
        ProviderEvent event = message.event();
        try {
            long id = answers.journal(message, Disposition.REJECTED, note).id();
            LOG.warn("{} from {} {} refused (journal {})", event.channel(), event.remoteAddress(), why, id);
        } catch (RuntimeException e) {
            LOG.warn("{} from {} {} refused (not journaled: the ledger cannot be reached)", event.channel(),
                    event.remoteAddress(), why);
        }
        return Intake.refused(answer);
    }

    /**
     * Keeps a message in the spool; {@code success} once it is on disk, 503 when even that failed.
     */
    HookAnswer keep(SpooledMessage message, HookAnswer success) {
        try {
            spool.keep(message);
            return success;
        } catch (IOException | RuntimeException e) {
            LOG.error("{} could be neither journaled nor spooled ({}): answered 503. Daraja does not send it again: "
                    + "check M-Pesa's statement for it", message.describe(), e.getMessage());
            return HookAnswer.unavailable();
        }
    }

    private static String clip(String address) {
        if (address == null || address.length() <= ADDRESS_LIMIT) {
            return address;
        }
        return address.substring(0, ADDRESS_LIMIT);
    }
}
