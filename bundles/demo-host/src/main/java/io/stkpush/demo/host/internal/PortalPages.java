package io.stkpush.demo.host.internal;

import javax.servlet.Filter;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * The demo portal's pages, {@code /portal/…}: static HTML, ES modules and one style sheet from this bundle's
 * {@code portal} folder, served by the HTTP whiteboard. They call only the operator REST API and the event
 * WebSocket, so they show an integrator what to copy.
 *
 * <p>Registered only while the {@link PortalLogin} filter is, so a page is never served without the login.
 */
@Component(service = PortalPages.class,
        reference = @Reference(name = "login", service = Filter.class,
                target = "(osgi.http.whiteboard.filter.name=" + PortalLogin.NAME + ")"))
@HttpWhiteboardResource(pattern = PortalPages.ROOT + "/*", prefix = PortalPages.ROOT)
public class PortalPages {

    /** Where the pages are, in the URL space and in the bundle. */
    static final String ROOT = "/portal";
}
