/**
 * The provider SPI: what a mobile-money API (Daraja today) implements so the core can send prompts and ask for
 * their status. Provider bundles register a {@link io.stkpush.api.provider.PaymentProvider} service. 2.2 adds
 * {@link io.stkpush.api.provider.SharedTokens}: one access token shared by every node of an installation.
 */
@Export
@Version("2.2.0")
package io.stkpush.api.provider;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
