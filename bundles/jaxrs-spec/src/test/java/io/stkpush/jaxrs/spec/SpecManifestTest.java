package io.stkpush.jaxrs.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What bnd wrote (target/classes/META-INF/MANIFEST.MF, before the jar is packed) is what the Aries JAX-RS
 * whiteboard needs in place of org.apache.aries.javax.jax.rs-api: the six javax.ws.rs packages at 2.1 and the
 * JavaJAXRS 2.1 contract, and nothing embedded as a jar. Karaf resolving it is proven in the Pax Exam tests.
 */
class SpecManifestTest {

    static final List<String> PACKAGES = List.of("javax.ws.rs", "javax.ws.rs.client", "javax.ws.rs.container",
            "javax.ws.rs.core", "javax.ws.rs.ext", "javax.ws.rs.sse");

    static final Path CLASSES = Path.of("target", "classes");

    private static Attributes manifest;

    @BeforeAll
    static void readManifest() throws IOException {
        try (InputStream in = Files.newInputStream(CLASSES.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in).getMainAttributes();
        }
    }

    @Test
    void providesTheJaxrsContractTheWhiteboardRequires() {
        String capability = manifest.getValue("Provide-Capability");
        assertTrue(capability.startsWith("osgi.contract;osgi.contract=JavaJAXRS;"), capability);
        // the whiteboard's filter is (&(osgi.contract=JavaJAXRS)(version=2.1.0))
        assertTrue(capability.contains("version:List<Version>=\"2.1,2,1.1\""), capability);
        assertTrue(capability.contains("uses:=\"" + String.join(",", PACKAGES) + "\""), capability);
    }

    @Test
    void exportsEveryJaxrsPackageAtTwoPointOne() {
        String exports = manifest.getValue("Export-Package");
        for (String pkg : PACKAGES) {
            assertTrue(exports.contains(pkg + ";version=\"2.1\""), pkg + " in " + exports);
            assertTrue(Files.isDirectory(CLASSES.resolve(pkg.replace('.', '/'))), pkg + " has its classes");
        }
    }

    @Test
    void embedsNoJarForTheJdkToReject() throws IOException {
        assertNull(manifest.getValue("Bundle-ClassPath"));
        assertNull(manifest.getValue("Bundle-Activator"), "a plain API bundle: the whiteboard sets CXF's delegate");
        try (Stream<Path> files = Files.walk(CLASSES)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".jar")).toList());
        }
        assertTrue(Files.notExists(CLASSES.resolve("module-info.class")), "no JPMS descriptor in a bundle");
    }

    @Test
    void keepsTheLicenceOfTheClassesItCarries() {
        assertTrue(Files.isRegularFile(CLASSES.resolve("META-INF/LICENSE.md")));
        assertTrue(Files.isRegularFile(CLASSES.resolve("META-INF/NOTICE.md")));
        assertTrue(manifest.getValue("Bundle-License").startsWith("EPL-2.0"));
    }
}
