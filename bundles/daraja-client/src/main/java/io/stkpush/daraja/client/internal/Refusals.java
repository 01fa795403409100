package io.stkpush.daraja.client.internal;

import java.util.Locale;

import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;

/**
 * Plain-language messages for the refusals every Daraja call can meet: bad fields, tokens, missing API products,
 * wrong addresses, the gateway's own faults. Messages name configuration keys, never their values (short code
 * excepted: it is printed on every receipt).
 */
final class Refusals {

    static final String NOT_REGISTERED = "Number not registered for M-Pesa";
    static final String BUSY = "M-Pesa is busy. Try again in a few minutes.";
    static final String SUBSCRIBER_BUSY =
            "The subscriber's phone is busy with another M-Pesa session. Wait a minute and retry.";

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
        return new ProviderException(Kind.REJECTED, answer.text("ResponseCode"), "M-Pesa refused " + what
                + (description == null ? "." : ": " + description), null);
    }

    /** {@code 400.002.02 Bad Request - Invalid <Field>}: the field, in words an operator can act on. */
    ProviderException invalidField(DarajaError error) {
        String field = invalidFieldName(error.message());
        String message = switch (field) {
            case "phonenumber", "partya" -> NOT_REGISTERED;
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
        return new ProviderException(Kind.REJECTED, error.code(), message, null);
    }

    /** {@code 500.001.1001} for a wrong short code or password, else {@code null}. */
    ProviderException merchant(DarajaError error) {
        if (error.mentions("merchant does not exist")) {
            return new ProviderException(Kind.REJECTED, error.code(), "M-Pesa does not know the short code "
                    + settings.shortCode() + " in the " + settings.environment().label()
                    + " environment: check shortCode and environment in the Daraja configuration.", null);
        }
        if (error.mentions("wrong credentials")) {
            return new ProviderException(Kind.REJECTED, error.code(),
                    "M-Pesa refused the STK password: check shortCode and passkey in the Daraja configuration.", null);
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
                return new ProviderException(Kind.BUSY, error.code(), BUSY, null);
            }
            if (error.isInvalidToken()) {
                return new ProviderException(Kind.REJECTED, error.code(), "M-Pesa refused a fresh access token: check"
                        + " that the Daraja app has the " + product + " product and that the consumer key belongs to"
                        + " the " + environment + " environment.", null);
            }
            if (error.is("401.003.01")) {
                return new ProviderException(Kind.REJECTED, error.code(),
                        "The Daraja app has no API product for this request: enable " + product + " on the app.", null);
            }
            if (error.is("400.002.02")) {
                return invalidField(error);
            }
            if (error.is("400.002.05")) {
                return new ProviderException(Kind.REJECTED, error.code(),
                        "M-Pesa could not read the request (Invalid Request Payload).", null);
            }
            if (error.is("404.001.01") || error.is("404.001.04") || error.is("405.001")) {
                return new ProviderException(Kind.REJECTED, error.code(), "M-Pesa does not know this address ("
                        + error.message() + "): check environment and baseUrl in the Daraja configuration.", null);
            }
            if (error.fault() && status < 500) {
                return new ProviderException(Kind.REJECTED, error.code(), "M-Pesa's gateway refused the request ("
                        + error.message() + "): check environment and baseUrl in the Daraja configuration, and the"
                        + " app's API products.", null);
            }
        }
        if (status >= 300 && status < 400) {
            return new ProviderException(Kind.REJECTED, null,
                    "M-Pesa answered with a redirect: check environment and baseUrl in the Daraja configuration.", null);
        }
        if (status >= 400 && status < 500) {
            if (error == null && answer.body() == null) {
                // production answers sandbox credentials like this
                return new ProviderException(Kind.REJECTED, null, "M-Pesa refused the request without saying why"
                        + " (HTTP " + status + "): check the consumer key, secret and environment in the Daraja"
                        + " configuration.", null);
            }
            return new ProviderException(Kind.REJECTED, error == null ? null : error.code(),
                    "M-Pesa refused the request (HTTP " + status
                            + (error == null ? "" : ", " + error.code() + " " + error.message()) + ").", null);
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
