package io.stkpush.demo.host.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /portal/} opens the Payments page. The whiteboard's resources have no welcome page (a folder answers 403),
 * so this exact path is a servlet of its own; {@link PortalLogin} guards it like the pages.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(PortalPages.ROOT + "/")
public class PortalEntrance extends HttpServlet {

    static final String FIRST_PAGE = PortalPages.ROOT + "/payments.html";

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendRedirect(FIRST_PAGE);
    }
}
