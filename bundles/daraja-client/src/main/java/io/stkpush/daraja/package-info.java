/**
 * The Daraja (Safaricom M-Pesa) provider's public face, beyond the
 * {@link io.stkpush.api.provider.PaymentProvider} service it registers with {@code provider=daraja}:
 * <ul>
 * <li>{@link io.stkpush.daraja.ResultCodes}: what each STK result code means (outcome and provider-neutral reason,
 * with Daraja's own words where no neutral reason fits), for anyone reading Daraja answers (the STK callback
 * carries the same codes as the status query, as numbers instead of strings);</li>
 * <li>{@link io.stkpush.daraja.C2bUrlRegistration}: the service that registers the C2B confirmation and
 * validation URLs for the configured short code.</li>
 * </ul>
 */
@Export
@Version("2.0.0")
package io.stkpush.daraja;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
