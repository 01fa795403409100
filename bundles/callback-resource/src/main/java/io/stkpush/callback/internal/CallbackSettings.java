package io.stkpush.callback.internal;

/**
 * One consistent view of the configuration, swapped as a whole when it changes.
 *
 * @param tokens       makes and checks the URL tokens
 * @param senders      the source-address check
 * @param maxBodyBytes the largest body accepted
 */
record CallbackSettings(HookTokens tokens, SenderCheck senders, int maxBodyBytes) {

    /**
     * @param hmacKey the key to use (the configured one, or the one generated for it)
     * @throws IllegalArgumentException with a message naming the setting that is wrong
     */
    static CallbackSettings of(CallbackConfig config, String hmacKey) {
        if (config.maxBodyBytes() < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024, not " + config.maxBodyBytes());
        }
        SenderCheck senders = new SenderCheck(AllowListMode.parse(config.allowListMode()),
                SenderCheck.ranges(config.allowList()), SenderCheck.ranges(config.trustedProxies()));
        return new CallbackSettings(new HookTokens(hmacKey), senders, config.maxBodyBytes());
    }
}
