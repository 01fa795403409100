package io.stkpush.daraja.client.internal;

import java.net.URI;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.Kes;
import io.stkpush.api.MerchantRequestId;
import io.stkpush.api.PushReason;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;
import io.stkpush.api.provider.ProviderPushRequest;
import io.stkpush.api.provider.PushAcceptance;
import io.stkpush.api.text.OperatorText;

/**
 * STK push ({@code processrequest}). The rule that shapes the error handling: once the request may have reached
 * Daraja, only an explicit refusal is a refusal. A lost, unreadable or 5xx answer is {@code UNKNOWN}, because a
 * prompt may already be on the phone, and there is no idempotency key to ask with.
 */
final class PushSubmission {

    static final String PATH = "/mpesa/stkpush/v1/processrequest";

    private static final String PRODUCT = "M-Pesa Express (Lipa na M-Pesa Online)";
    private static final Logger LOG = LoggerFactory.getLogger(PushSubmission.class);

    private final DarajaSettings settings;
    private final DarajaConnection connection;
    private final Clock clock;
    private final Refusals refusals;

    PushSubmission(DarajaSettings settings, DarajaConnection connection, Clock clock) {
        this.settings = settings;
        this.connection = connection;
        this.clock = clock;
        this.refusals = new Refusals(settings);
    }

    PushAcceptance submit(ProviderPushRequest request) throws ProviderException {
        long amount = request.amount().shillings();
        if (amount < 1 || amount > Kes.MAX_PER_TRANSACTION.shillings()) {
            throw new ProviderException(Kind.REJECTED,
                    amount < 1 ? PushReason.AMOUNT_BELOW_MINIMUM : PushReason.AMOUNT_ABOVE_MAXIMUM, null,
                    "M-Pesa takes whole amounts from KES 1 to KES 250,000.", null);
        }
        URI callbackUrl = callbackUrl(request.callbackUrl());
        String accountReference = PromptText.accountReference(request.accountReference(),
                settings.accountReference());
        String description = PromptText.description(request.description(), settings.transactionDesc());
        String who = "STK push " + request.pushId() + " to " + request.phone().masked() + " for " + request.amount();

        DarajaAnswer answer;
        try {
            answer = connection.post(PATH, () -> body(request, amount, callbackUrl, accountReference, description));
        } catch (TransportFailure e) {
            LOG.warn("{}: {}; {}", who, e.getMessage(),
                    e.mayHaveArrived() ? "the prompt may have been sent" : "nothing was sent");
            throw e.toProviderException(e.getMessage());
        }

        PushAcceptance accepted = accepted(answer);
        if (accepted != null) {
            LOG.info("{} accepted: checkout {}", who, accepted.checkoutRequestId());
            return accepted;
        }
        ProviderException refusal = refusal(answer);
        LOG.warn("{} not accepted ({}): {} {}", who, answer.describe(), refusal.kind(),
                OperatorText.english().reason(refusal.reason(), refusal.code(), refusal.getMessage()));
        throw refusal;
    }

    private ObjectNode body(ProviderPushRequest request, long amount, URI callbackUrl, String accountReference,
            String description) {
        StkPassword password = StkPassword.at(clock.instant(), settings.shortCode(), settings.passkey());
        ObjectNode body = DarajaAnswer.JSON.createObjectNode();
        // numbers that are identifiers go as strings; Amount as a JSON integer
        body.put("BusinessShortCode", settings.shortCode());
        body.put("Password", password.password());
        body.put("Timestamp", password.timestamp());
        body.put("TransactionType", settings.mode().transactionType());
        body.put("Amount", amount);
        body.put("PartyA", request.phone().msisdn());
        body.put("PartyB", settings.partyB());
        body.put("PhoneNumber", request.phone().msisdn());
        body.put("CallBackURL", callbackUrl.toString());
        body.put("AccountReference", accountReference);
        body.put("TransactionDesc", description);
        return body;
    }

    private URI callbackUrl(URI requested) throws ProviderException {
        URI url = CallbackAddress.resolve(requested, settings.callbackBaseUrl());
        if (url == null || !CallbackAddress.isHttp(url)) {
            throw Refusals.refused(null, "The callback URL is not a public http or https address: set"
                    + " callbackBaseUrl in the Daraja configuration.");
        }
        String word = CallbackAddress.refusedWord(url);
        if (word != null) {
            LOG.warn("The STK callback URL contains '{}', which M-Pesa may refuse", word);
        }
        return url;
    }

    /** The acceptance, or {@code null} when the answer is anything else. */
    private static PushAcceptance accepted(DarajaAnswer answer) {
        if (!answer.isOk() || !"0".equals(answer.text("ResponseCode"))) {
            return null;
        }
        String checkout = answer.text("CheckoutRequestID");
        if (checkout == null) {
            return null;
        }
        String merchant = answer.text("MerchantRequestID");
        return new PushAcceptance(merchant == null ? null : new MerchantRequestId(merchant),
                new CheckoutRequestId(checkout), answer.text("CustomerMessage"));
    }

    private ProviderException refusal(DarajaAnswer answer) {
        if (answer.isOk()) {
            String responseCode = answer.text("ResponseCode");
            if (responseCode != null && !"0".equals(responseCode) && answer.error() == null) {
                return Refusals.refusedResponse(answer, "the prompt");
            }
            if (answer.error() == null) {
                // empty, not JSON, or accepted without a CheckoutRequestID: nothing to follow the prompt with
                return lost(responseCode, answer);
            }
        }
        DarajaError error = answer.error();
        if (error != null && error.is("500.001.1001")) {
            if (error.mentions("lock subscriber")) {
                return new ProviderException(Kind.REJECTED, PushReason.SUBSCRIBER_BUSY, error.code(), error.message(),
                        null);
            }
            ProviderException merchant = refusals.merchant(error);
            if (merchant != null) {
                return merchant;
            }
            return lost(error.code(), answer);
        }
        ProviderException common = refusals.common(answer, PRODUCT);
        if (common != null) {
            return common;
        }
        return lost(answer.errorCode(), answer);
    }

    /** The answer may hide an accepted prompt: nothing to follow it with, and nothing to say it was refused. */
    private static ProviderException lost(String code, DarajaAnswer answer) {
        return new ProviderException(Kind.UNKNOWN, PushReason.ANSWER_LOST, code, answer.words(), null);
    }
}
