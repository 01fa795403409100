package io.stkpush.callback.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;

import io.stkpush.api.JournaledMessage;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.PushId;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every hook does before looking at the body: read it (limited), journal it raw, then check the token, the
 * sender's address and the size. Journaling comes first so that nothing received is lost, refused requests
 * included. When the journal cannot take it, the same checks run without it, and a request that passes them is
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
            return Intake.refused(HookAnswer.invalid("The body could not be read."), null);
        }
        String sender = clip(settings.senders().sender(remoteAddress, forwardedFor));
        JournaledMessage entry;
        try {
            entry = answers.journal(new ProviderEvent(channel, pushId, sender, body.text()));
        } catch (RuntimeException e) {
            LOG.debug("{} from {} could not be journaled: {}", channel, sender, e.toString());
            return checkUnjournaled(settings, channel, tokenIsValid, sender, body);
        }
        if (!tokenIsValid.test(settings.tokens())) {
            LOG.warn("{} from {} with a wrong token or id refused (journal {})", channel, sender, entry.id());
            answers.mark(entry, Disposition.REJECTED, "bad token");
            return Intake.refused(HookAnswer.notFound(), entry);
        }
        switch (settings.senders().check(sender)) {
            case REFUSED:
                LOG.warn("{} from {}, outside the allow list, refused (journal {})", channel, sender, entry.id());
                answers.mark(entry, Disposition.REJECTED, "source address " + sender + " not in the allow list");
                return Intake.refused(HookAnswer.forbidden(), entry);
            case UNLISTED:
                LOG.warn("{} from {}, outside the allow list, accepted (allowListMode=log; journal {})", channel,
                        sender, entry.id());
                entry.note("source address " + sender + " not in the allow list");
                break;
            default:
                break;
        }
        if (body.tooLarge()) {
            LOG.warn("{} from {} larger than {} bytes refused (journal {})", channel, sender,
                    settings.maxBodyBytes(), entry.id());
            answers.mark(entry, Disposition.REJECTED, "body larger than " + settings.maxBodyBytes()
                    + " bytes; journaled truncated");
            return Intake.refused(HookAnswer.tooLarge(settings.maxBodyBytes()), entry);
        }
        return Intake.admitted(entry, body.text(), sender);
    }

    /** The checks above, for a request the journal could not take: only a plausible one may reach the spool. */
    private static Intake checkUnjournaled(CallbackSettings settings, Channel channel,
            Predicate<HookTokens> tokenIsValid, String sender, RawBody body) {
        if (!tokenIsValid.test(settings.tokens())) {
            LOG.warn("{} from {} with a wrong token or id refused (not journaled: the ledger cannot be reached)",
                    channel, sender);
            return Intake.refused(HookAnswer.notFound(), null);
        }
        boolean unlisted = false;
        switch (settings.senders().check(sender)) {
            case REFUSED:
                LOG.warn("{} from {}, outside the allow list, refused (not journaled: the ledger cannot be reached)",
                        channel, sender);
                return Intake.refused(HookAnswer.forbidden(), null);
            case UNLISTED:
                LOG.warn("{} from {}, outside the allow list, accepted (allowListMode=log)", channel, sender);
                unlisted = true;
                break;
            default:
                break;
        }
        if (body.tooLarge()) {
            LOG.warn("{} from {} larger than {} bytes refused (not journaled: the ledger cannot be reached)", channel,
                    sender, settings.maxBodyBytes());
            return Intake.refused(HookAnswer.tooLarge(settings.maxBodyBytes()), null);
        }
        return Intake.unjournaled(body.text(), sender, unlisted);
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
