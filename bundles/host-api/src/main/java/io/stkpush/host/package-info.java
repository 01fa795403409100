/**
 * What stkpush needs from the host billing platform. A host implements these once and registers them as OSGi
 * services; the demo host is the reference implementation.
 */
@Export
@Version("1.1.0")
package io.stkpush.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
