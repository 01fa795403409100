package io.stkpush.daraja.client.internal;

import java.util.Locale;

import io.stkpush.api.PushReason;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;

/**
 * The refusals every Daraja call can meet: bad fields, tokens, missing API products, wrong addresses, the
 * gateway's own faults. Where a provider-neutral reason fits (a number not registered, M-Pesa busy), the operator
 * reads that reason's words and the message keeps Daraja's own; every other refusal is
 * {@link PushReason#PROVIDER_REFUSED}, and its plain-language message is what the operator reads. Messages name
 * configuration keys, never their values (short code excepted: it is printed on every receipt).
 */
final class Refusals {

    private final DarajaSettings settings;

    Refusals(DarajaSettings settings) {
        this.settings = settings;
    }

    /**
     * An HTTP 200 answer whose {@code ResponseCode} is not {@code 0}: M-Pesa refused {@code what} ("the prompt"),
     * in its own words ({@code ResponseDescription}) when it gave any.
     */
    static ProviderException refusedResponse(DarajaAnswer answer, String what) {
        String description = answer.text("ResponseDescription");
        return refused(answer.text("ResponseCode"), "M-Pesa refused " + what
                + (description == null ? "." : ": " + description));
    }

    /** A refusal only Daraja can explain; {@code message} is what the operator reads. */
    static ProviderException refused(String code, String message) {
        return new ProviderException(Kind.REJECTED, PushReason.PROVIDER_REFUSED, code, message, null);
    }

    /** {@code 400.002.02 Bad Request - Invalid <Field>}: the field, in words an operator can act on. */
    ProviderException invalidField(DarajaError error) {
        String field = invalidFieldName(error.message());
        if (field.equals("phonenumber") || field.equals("partya")) {
            return new ProviderException(Kind.REJECTED, PushReason.NOT_REGISTERED, error.code(), error.message(),
                    null);
        }
        String message = switch (field) {
            case "businessshortcode", "shortcode" ->
                "M-Pesa refused the business short code " + settings.shortCode()
                        + ": check shortCode in the Daraja configuration.";
            case "timestamp" -> "M-Pesa refused the request time (Timestamp): check the server's clock.";
            case "callbackurl" -> "M-Pesa refused the callback URL: check callbackBaseUrl in the Daraja configuration;"
                    + " it must be a public address without words like mpesa or query.";
            case "amount" -> "M-Pesa refused the amount: it takes whole shillings from KES 1 to KES 250,000.";
            case "remarks", "transactiondesc" ->
                "M-Pesa refused the description: check transactionDesc in the Daraja configuration.";
            case "accountreference" -> "M-Pesa refused the account reference: use at most 12 letters or digits.";
            case "partyb" -> "M-Pesa refused PartyB: check the mode (paybill or till) and the till number (partyB)"
                    + " in the Daraja configuration.";
            case "transactiontype" ->
                "M-Pesa refused the transaction type: check the mode (paybill or till) in the Daraja configuration.";
            case "password" -> "M-Pesa refused the password: check shortCode and passkey in the Daraja configuration.";
            case "checkoutrequestid" -> "M-Pesa does not know this checkout request.";
            default -> "M-Pesa refused the request (" + error.message() + ").";
        };
        return refused(error.code(), message);
    }

    /** {@code 500.001.1001} for a wrong short code or password, else {@code null}. */
    ProviderException merchant(DarajaError error) {
        if (error.mentions("merchant does not exist")) {
            return refused(error.code(), "M-Pesa does not know the short code " + settings.shortCode() + " in the "
                    + settings.environment().label()
                    + " environment: check shortCode and environment in the Daraja configuration.");
        }
        if (error.mentions("wrong credentials")) {
            return refused(error.code(),
                    "M-Pesa refused the STK password: check shortCode and passkey in the Daraja configuration.");
        }
        return null;
    }

    /**
     * The refusals that mean the same for every call (4xx, gateway faults, busy after the retries).
     *
     * @param product the Daraja API product the call needs, for the missing-product message
     * @return {@code null} for an answer this does not cover (5xx, 500.001.1001, 200)
     */
    ProviderException common(DarajaAnswer answer, String product) {
        DarajaError error = answer.error();
        int status = answer.status();
        String environment = settings.environment().label();
        if (error != null) {
            if (error.isBusy()) {
                return new ProviderException(Kind.BUSY, PushReason.PROVIDER_BUSY, error.code(), answer.words(), null);
            }
            if (error.isInvalidToken()) {
                return refused(error.code(), "M-Pesa refused a fresh access token: check that the Daraja app has"
                        + " the " + product + " product and that the consumer key belongs to the " + environment
                        + " environment.");
            }
            if (error.is("401.003.01")) {
                return refused(error.code(),
                        "The Daraja app has no API product for this request: enable " + product + " on the app.");
            }
            if (error.is("400.002.02")) {
                return invalidField(error);
            }
            if (error.is("400.002.05")) {
                return refused(error.code(), "M-Pesa could not read the request (Invalid Request Payload).");
            }
            if (error.is("404.001.01") || error.is("404.001.04") || error.is("405.001")) {
                return refused(error.code(), "M-Pesa does not know this address (" + error.message()
                        + "): check environment and baseUrl in the Daraja configuration.");
            }
            if (error.fault() && status < 500) {
                return refused(error.code(), "M-Pesa's gateway refused the request (" + error.message()
                        + "): check environment and baseUrl in the Daraja configuration, and the app's API"
                        + " products.");
            }
        }
        if (status >= 300 && status < 400) {
            return refused(null,
                    "M-Pesa answered with a redirect: check environment and baseUrl in the Daraja configuration.");
        }
        if (status >= 400 && status < 500) {
            if (error == null && answer.body() == null) {
                // production answers sandbox credentials like this
                return refused(null, "M-Pesa refused the request without saying why (HTTP " + status
                        + "): check the consumer key, secret and environment in the Daraja configuration.");
            }
            return refused(error == null ? null : error.code(), "M-Pesa refused the request (HTTP " + status
                    + (error == null ? "" : ", " + error.code() + " " + error.message()) + ").");
        }
        return null;
    }

    /** {@code "Bad Request - Invalid PhoneNumber"} gives {@code phonenumber}; unknown shapes give {@code ""}. */
    static String invalidFieldName(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf("invalid ");
        if (at < 0) {
            return "";
        }
        String rest = lower.substring(at + "invalid ".length()).strip();
        int end = 0;
        while (end < rest.length() && Character.isLetterOrDigit(rest.charAt(end))) {
            end++;
        }
        return rest.substring(0, end);
    }
}
