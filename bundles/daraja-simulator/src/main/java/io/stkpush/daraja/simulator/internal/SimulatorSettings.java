package io.stkpush.daraja.simulator.internal;

import java.time.Duration;

/** The simulator's configuration as values; {@link #toString()} never shows the passkey, secret or PIN. */
record SimulatorSettings(String shortCode, String passkey, String businessName, String consumerKey,
        String consumerSecret, String pin, Duration successDelay, Duration promptLifetime,
        Duration lateSuccessDelay, Duration tokenLifetime, boolean invalidatePreviousToken,
        boolean c2bConfirmsStkPayments, Duration lostAnswerHold, FaultSettings faults, SubscriberSettings subscribers) {

    static final String SANDBOX_PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";

    static SimulatorSettings defaults() {
        return new SimulatorSettings("174379", SANDBOX_PASSKEY, "Demo ISP", "", "", "1234",
                Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(3600),
                false, true, Duration.ofSeconds(35), FaultSettings.none(), SubscriberSettings.off());
    }

    /** Values are trimmed: a stray space in a passkey is the classic cause of "Wrong credentials". */
    static SimulatorSettings from(SimulatorConfig c) {
        return new SimulatorSettings(c.shortCode().trim(), c.passkey().trim(), c.businessName().trim(),
                c.consumerKey().trim(), c.consumerSecret().trim(), c.pin().trim(),
                Duration.ofMillis(Math.max(0, c.successDelay())), Duration.ofMillis(Math.max(0, c.promptLifetime())),
                Duration.ofMillis(Math.max(0, c.lateSuccessDelay())), Duration.ofSeconds(Math.max(1, c.tokenLifetime())),
                c.invalidatePreviousToken(), c.c2bConfirmsStkPayments(),
                Duration.ofMillis(Math.max(0, c.lostAnswerHold())), FaultSettings.from(c), SubscriberSettings.from(c));
    }

    SimulatorSettings withDelays(Duration success, Duration lifetime, Duration lateSuccess) {
        return new SimulatorSettings(shortCode, passkey, businessName, consumerKey, consumerSecret, pin, success,
                lifetime, lateSuccess, tokenLifetime, invalidatePreviousToken, c2bConfirmsStkPayments, lostAnswerHold,
                faults, subscribers);
    }

    SimulatorSettings withConsumer(String key, String secret) {
        return new SimulatorSettings(shortCode, passkey, businessName, key, secret, pin, successDelay,
                promptLifetime, lateSuccessDelay, tokenLifetime, invalidatePreviousToken, c2bConfirmsStkPayments,
                lostAnswerHold, faults, subscribers);
    }

    SimulatorSettings withInvalidatePreviousToken(boolean invalidate) {
        return new SimulatorSettings(shortCode, passkey, businessName, consumerKey, consumerSecret, pin,
                successDelay, promptLifetime, lateSuccessDelay, tokenLifetime, invalidate, c2bConfirmsStkPayments,
                lostAnswerHold, faults, subscribers);
    }

    SimulatorSettings withFaults(FaultSettings newFaults) {
        return new SimulatorSettings(shortCode, passkey, businessName, consumerKey, consumerSecret, pin,
                successDelay, promptLifetime, lateSuccessDelay, tokenLifetime, invalidatePreviousToken,
                c2bConfirmsStkPayments, lostAnswerHold, newFaults, subscribers);
    }

    SimulatorSettings withSubscribers(SubscriberSettings newSubscribers) {
        return new SimulatorSettings(shortCode, passkey, businessName, consumerKey, consumerSecret, pin,
                successDelay, promptLifetime, lateSuccessDelay, tokenLifetime, invalidatePreviousToken,
                c2bConfirmsStkPayments, lostAnswerHold, faults, newSubscribers);
    }

    boolean anyConsumerAccepted() {
        return consumerKey.isEmpty() && consumerSecret.isEmpty();
    }

    @Override
    public String toString() {
        return "shortCode=" + shortCode + ", businessName=" + businessName + ", consumerKey="
                + (consumerKey.isEmpty() ? "(any)" : "(set)") + ", successDelay=" + successDelay.toMillis()
                + "ms, promptLifetime=" + promptLifetime.toMillis() + "ms, lateSuccessDelay="
                + lateSuccessDelay.toMillis() + "ms, tokenLifetime=" + tokenLifetime.toSeconds()
                + "s, invalidatePreviousToken=" + invalidatePreviousToken + ", c2bConfirmsStkPayments="
                + c2bConfirmsStkPayments + ", lostAnswerHold=" + lostAnswerHold.toMillis() + "ms, " + faults + ", "
                + subscribers;
    }
}
