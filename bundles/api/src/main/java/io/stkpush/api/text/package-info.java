/**
 * The operator's words: every sentence a screen, console tab, shell command or event shows about a push or a
 * payment, rendered from stored codes in one place, so every surface (and a later translation) says the same.
 */
@Export
@Version("1.0.0")
package io.stkpush.api.text;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
