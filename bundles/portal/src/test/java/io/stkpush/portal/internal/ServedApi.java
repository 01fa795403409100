package io.stkpush.portal.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;

import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;

/** Resources and the operator filter as the whiteboard binds them, over real HTTP (CXF and Jackson, as in Karaf). */
final class ServedApi {

    private ServedApi() {
    }

    /** Serves {@code resources} behind {@code filter} at {@code address}; the caller destroys the server. */
    static Server serve(String address, OperatorFilter filter, Object... resources) {
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setAddress(address + "/");
        factory.setServiceBeans(List.of(resources));
        factory.setProviders(List.of(new JacksonJsonProvider(), filter));
        return factory.create();
    }

    /** An address on a port nothing listens on right now. */
    static String freeAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }
}
