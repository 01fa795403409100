package io.stkpush.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.vmOption;

import java.io.File;

import org.ops4j.pax.exam.Option;

/**
 * The JVM flags bin/karaf adds on Java 9+, which Pax Exam 4.14's Karaf container does not add by itself.
 * Without them every bundle activation logs "NoClassDefFoundError: org/apache/karaf/specs/locator/OsgiLocator".
 * Paths are relative to the unpacked Karaf home (the container's working directory).
 */
final class KarafJdk17Options {

    private KarafJdk17Options() {
    }

    /**
     * No {@code -Djdk.util.zip.disableZip64ExtraFieldValidation}: the jar Java 17.0.8+ rejected was embedded in
     * org.apache.aries.javax.jax.rs-api, which bundles/jaxrs-spec replaces ({@link StockKarafIT} proves the log clean).
     */
    static Option jdk17(String karafVersion) {
        return composite(
            vmOption("--add-reads=java.xml=java.logging"),
            vmOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
            vmOption("--patch-module"),
            vmOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar"),
            vmOption("--patch-module"),
            vmOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar"),
            vmOption("--add-opens"), vmOption("java.base/java.security=ALL-UNNAMED"),
            vmOption("--add-opens"), vmOption("java.base/java.net=ALL-UNNAMED"),
            vmOption("--add-opens"), vmOption("java.base/java.lang=ALL-UNNAMED"),
            vmOption("--add-opens"), vmOption("java.base/java.util=ALL-UNNAMED"),
            vmOption("--add-opens"), vmOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
            vmOption("--add-opens"), vmOption("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
            vmOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
            vmOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
            vmOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
            vmOption("--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
            vmOption("-classpath"),
            vmOption("lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"));
    }
}
