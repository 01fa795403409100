package io.stkpush.daraja.client.internal;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.stkpush.api.PushReason;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;
import io.stkpush.daraja.C2bApiVersion;
import io.stkpush.daraja.C2bRegistration;
import io.stkpush.daraja.C2bResponseType;

/**
 * C2B URL registration ({@code /mpesa/c2b/v1|v2/registerurl}). Production registers once: a second registration
 * is answered {@code 500.003.1001 Urls are already registered}, which is reported, not failed.
 */
final class UrlRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(UrlRegistration.class);

    private final DarajaSettings settings;
    private final DarajaConnection connection;
    private final Refusals refusals;

    UrlRegistration(DarajaSettings settings, DarajaConnection connection) {
        this.settings = settings;
        this.connection = connection;
        this.refusals = new Refusals(settings);
    }

    static String path(C2bApiVersion version) {
        return "/mpesa/c2b/" + version.path() + "/registerurl";
    }

    C2bRegistration register(C2bApiVersion version, C2bResponseType responseType, URI confirmationUrl,
            URI validationUrl) throws ProviderException {
        URI confirmation = checked(confirmationUrl, "confirmation");
        URI validation = checked(validationUrl, "validation");
        ObjectNode body = DarajaAnswer.JSON.createObjectNode();
        body.put("ShortCode", settings.shortCode());
        body.put("ResponseType", responseType.value());
        body.put("ConfirmationURL", confirmation.toString());
        body.put("ValidationURL", validation.toString());

        DarajaAnswer answer;
        try {
            answer = connection.post(path(version), () -> body);
        } catch (TransportFailure e) {
            LOG.warn("C2B URL registration ({}): {}", version.path(), e.getMessage());
            throw e.toProviderException(
                    "No answer from M-Pesa to the C2B URL registration; registering again is safe.");
        }
        C2bRegistration registration = registration(version, answer);
        LOG.info("C2B URLs for short code {} ({}): {}", settings.shortCode(), version.path(),
                registration.alreadyRegistered() ? "already registered" : "registered");
        return registration;
    }

    private URI checked(URI url, String which) throws ProviderException {
        URI resolved = CallbackAddress.resolve(url, settings.callbackBaseUrl());
        if (resolved == null || !CallbackAddress.isHttp(resolved)) {
            throw Refusals.refused(null, "The " + which + " URL is not a public http or https address: set"
                    + " callbackBaseUrl in the Daraja configuration.");
        }
        String word = CallbackAddress.refusedWord(resolved);
        if (word != null) {
            throw Refusals.refused(null,
                    "The " + which + " URL contains '" + word + "', which M-Pesa refuses in C2B URLs.");
        }
        return resolved;
    }

    private C2bRegistration registration(C2bApiVersion version, DarajaAnswer answer) throws ProviderException {
        DarajaError error = answer.error();
        if (answer.isOk() && error == null) {
            if ("0".equals(answer.text("ResponseCode"))) {
                String id = answer.text("OriginatorCoversationID"); // Daraja's spelling
                if (id == null) {
                    id = answer.text("OriginatorConversationID");
                }
                return new C2bRegistration(settings.shortCode(), version, false, id,
                        answer.text("ResponseDescription"));
            }
            throw Refusals.refusedResponse(answer, "the C2B URL registration");
        }
        if (error != null && error.mentions("already registered")) {
            return new C2bRegistration(settings.shortCode(), version, true, null, error.message());
        }
        if (error != null && error.mentions("duplicate notification")) {
            throw Refusals.refused(error.code(), "C2B URLs for short code " + settings.shortCode()
                    + " are registered on Safaricom's older broker platform: ask Safaricom to remove them, then"
                    + " register again.");
        }
        if (error != null && error.is("401.003.01")) {
            throw Refusals.refused(error.code(), "The Daraja app has no API product for C2B " + version.path()
                    + ": register with " + version.other().path() + " instead, or enable the C2B " + version.path()
                    + " product on the app.");
        }
        ProviderException common = refusals.common(answer, "C2B " + version.path());
        if (common != null) {
            throw common;
        }
        throw new ProviderException(Kind.UNKNOWN, PushReason.ANSWER_LOST, answer.errorCode(),
                "No clear answer from M-Pesa to the C2B URL registration; registering again is safe.", null);
    }
}
