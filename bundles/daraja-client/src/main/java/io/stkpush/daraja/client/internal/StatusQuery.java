package io.stkpush.daraja.client.internal;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.PushReason;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;
import io.stkpush.api.provider.StatusAnswer;
import io.stkpush.api.provider.StatusAnswer.State;
import io.stkpush.daraja.ResultCodes;

/**
 * STK status query ({@code stkpushquery}). Daraja has said "not answered yet" two ways over the years, HTTP 200
 * with ResultCode {@code 4999} and HTTP 500 {@code 500.001.1001 The transaction is being processed}; both are
 * {@link State#PENDING}. Busy and quota answers that outlast the retries are PENDING too: the poller asks again
 * later anyway. A code nobody mapped is {@link State#UNKNOWN}, never a failure. An answer that never came is a
 * {@link ProviderException}, so the caller asks again rather than concluding anything.
 */
final class StatusQuery {

    static final String PATH = "/mpesa/stkpushquery/v1/query";

    private static final String PRODUCT = "M-Pesa Express (Lipa na M-Pesa Online)";
    private static final Logger LOG = LoggerFactory.getLogger(StatusQuery.class);

    private final DarajaSettings settings;
    private final DarajaConnection connection;
    private final Clock clock;
    private final Refusals refusals;

    StatusQuery(DarajaSettings settings, DarajaConnection connection, Clock clock) {
        this.settings = settings;
        this.connection = connection;
        this.clock = clock;
        this.refusals = new Refusals(settings);
    }

    StatusAnswer ask(CheckoutRequestId checkoutRequestId) throws ProviderException {
        DarajaAnswer answer;
        try {
            answer = connection.post(PATH, () -> body(checkoutRequestId), DarajaTransport.Lane.STATUS_QUERY);
        } catch (TransportFailure e) {
            LOG.warn("Status query for {}: {}", checkoutRequestId, e.getMessage());
            throw e.toProviderException("No answer from M-Pesa about this prompt; it will be asked again.");
        }
        StatusAnswer status = status(answer);
        LOG.debug("Status query for {}: {} -> {} {}", checkoutRequestId, answer.describe(), status.state(),
                status.outcome());
        if (status.state() == State.UNKNOWN) {
            LOG.warn("Status query for {} answered with unknown result code {}", checkoutRequestId,
                    status.resultCode());
        }
        return status;
    }

    private ObjectNode body(CheckoutRequestId checkoutRequestId) {
        StkPassword password = StkPassword.at(clock.instant(), settings.shortCode(), settings.passkey());
        ObjectNode body = DarajaAnswer.JSON.createObjectNode();
        body.put("BusinessShortCode", settings.shortCode());
        body.put("Password", password.password());
        body.put("Timestamp", password.timestamp());
        body.put("CheckoutRequestID", checkoutRequestId.value());
        return body;
    }

    private StatusAnswer status(DarajaAnswer answer) throws ProviderException {
        DarajaError error = answer.error();
        if (answer.isOk() && error == null) {
            if (answer.body() == null) {
                throw new ProviderException(Kind.UNKNOWN, PushReason.UNKNOWN_ANSWER, null,
                        "M-Pesa's answer about this prompt could not be read; it will be asked again.", null);
            }
            String resultCode = answer.text("ResultCode"); // a string here, a number in callbacks: both read as text
            if (resultCode != null) {
                return ResultCodes.describe(resultCode).toStatusAnswer(answer.text("ResultDesc"));
            }
            String responseCode = answer.text("ResponseCode");
            if (responseCode != null && !"0".equals(responseCode)) {
                throw Refusals.refusedResponse(answer, "the status query");
            }
            return new StatusAnswer(State.PENDING, null, PushReason.PENDING, null,
                    answer.text("ResponseDescription"));
        }
        if (error != null && error.is("500.001.1001")) {
            ProviderException merchant = refusals.merchant(error);
            if (merchant != null) {
                throw merchant;
            }
            // "being processed"; also seen for ids Daraja never issued, so the poller's window bounds it
            return new StatusAnswer(State.PENDING, null, PushReason.PENDING, error.code(), error.message());
        }
        if (error != null && error.isBusy()) {
            return new StatusAnswer(State.PENDING, null, PushReason.PROVIDER_BUSY, error.code(), error.message());
        }
        ProviderException common = refusals.common(answer, PRODUCT);
        if (common != null) {
            throw common;
        }
        throw new ProviderException(Kind.UNKNOWN, PushReason.ANSWER_LOST, answer.errorCode(),
                "No answer from M-Pesa about this prompt; it will be asked again.", null);
    }
}
