package io.stkpush.webconsole.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.AbstractWebConsolePlugin;
import org.apache.felix.webconsole.WebConsoleConstants;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.LedgerOverview;
import io.stkpush.api.ProviderJournal;
import io.stkpush.api.provider.ConnectionCheck;
import io.stkpush.api.provider.ProviderConnection;

/**
 * The Web Console tab "M-Pesa STK Push", {@code /system/console/stkpush}, for the Karaf administrator: the console
 * puts it in its frame and behind its own login (Karaf's JAAS realm, role {@code admin}). GET shows the page
 * ({@link ConsolePage}); POST, from the page's button only ({@link FormGuard}), tests the provider's sign-in and
 * shows the page with the answer.
 *
 * <p>Every service is optional, so the tab renders, saying what is missing, whatever else runs. The references
 * are static and greedy: a service that comes or goes re-registers the tab, which the console follows.
 */
@Component(service = Servlet.class, property = {
    WebConsoleConstants.PLUGIN_LABEL + "=" + StkpushConsolePlugin.LABEL,
    WebConsoleConstants.PLUGIN_TITLE + "=" + StkpushConsolePlugin.TITLE,
    WebConsoleConstants.PLUGIN_CATEGORY + "=" + StkpushConsolePlugin.CATEGORY})
public class StkpushConsolePlugin extends AbstractWebConsolePlugin {

    static final String LABEL = "stkpush";
    static final String TITLE = "M-Pesa STK Push";
    static final String CATEGORY = "Main";

    /** The demo host's portal pages are served as a whiteboard resource under this prefix. */
    static final String PORTAL_FILTER = "(osgi.http.whiteboard.resource.prefix=/portal)";

    /**
     * One token per start of this bundle rather than per activation: the component is re-activated whenever an
     * optional service comes or goes, and a page loaded a moment before must still be able to post.
     */
    private static final FormGuard GUARD = FormGuard.withRandomToken();
    private static final String NOTICE = StkpushConsolePlugin.class.getName() + ".notice";
    private static final Logger LOG = LoggerFactory.getLogger(StkpushConsolePlugin.class);
    private static final long serialVersionUID = 1L;

    private final transient BundleContext context;
    private final transient ProviderConnection connection;
    private final transient ConsolePage page;
    private final transient FormGuard guard;

    @Activate
    public StkpushConsolePlugin(BundleContext context,
            @Reference(name = "overview", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) LedgerOverview overview,
            @Reference(name = "journal", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) ProviderJournal journal,
            @Reference(name = "connection", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) ProviderConnection connection,
            @Reference(name = "configurationAdmin", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) ConfigurationAdmin configurationAdmin) {
        this(context, new ConsolePage(overview, journal, connection, configurationAdmin, Clock.systemDefaultZone()),
                connection, GUARD);
    }

    StkpushConsolePlugin(BundleContext context, ConsolePage page, ProviderConnection connection, FormGuard guard) {
        this.context = context;
        this.page = page;
        this.connection = connection;
        this.guard = guard;
        if (context != null) {
            // the console reads the plugin's bundle (for its texts) through the context given here
            activate(context);
        }
    }

    /** Forgets the bundle context, as the console's plugins do when they stop. */
    @Override
    @Deactivate
    public void deactivate() {
        super.deactivate();
    }

    @Override
    public String getLabel() {
        return LABEL;
    }

    @Override
    public String getTitle() {
        return TITLE;
    }

    @Override
    public String getCategory() {
        return CATEGORY;
    }

    /** The button: test the provider's sign-in, then show the page with the answer. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        Optional<String> refusal = guard.refusal(request);
        if (refusal.isPresent()) {
            LOG.warn("Web console, stkpush tab: {}", refusal.get());
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            request.setAttribute(NOTICE, new ConsolePage.Notice(false, refusal.get()));
        } else {
            request.setAttribute(NOTICE, testConnection());
        }
        doGet(request, response);
    }

    private ConsolePage.Notice testConnection() {
        if (connection == null) {
            return new ConsolePage.Notice(false, ConsolePage.NO_PROVIDER);
        }
        try {
            ConnectionCheck check = connection.testConnection();
            LOG.info("Web console: the administrator tested the {} connection: {}", connection.name(),
                    check.ok() ? "ok" : "failed");
            return new ConsolePage.Notice(check.ok(),
                    (check.ok() ? "Connection OK: " : "Connection failed: ") + check.message());
        } catch (RuntimeException e) {
            // the interface promises not to throw; if it does, the page still answers in plain words
            LOG.warn("Web console: testing the provider connection failed: {}", Masking.forLog(e));
            return new ConsolePage.Notice(false, "The connection could not be tested (see karaf.log).");
        }
    }

    @Override
    protected void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String appRoot = attribute(request, WebConsoleConstants.ATTR_APP_ROOT, "/system/console");
        String pluginRoot = attribute(request, WebConsoleConstants.ATTR_PLUGIN_ROOT, appRoot + "/" + LABEL);
        page.render(response.getWriter(), new ConsolePage.View(appRoot, pluginRoot, guard.token(),
                portalPagesServed(), (ConsolePage.Notice) request.getAttribute(NOTICE)));
    }

    /** Whether the demo host's portal pages are served on this server, so links to them lead somewhere. */
    private boolean portalPagesServed() {
        if (context == null) {
            return false;
        }
        try {
            // all references: the resource's service class is private to the demo host
            ServiceReference<?>[] references = context.getAllServiceReferences(null, PORTAL_FILTER);
            return references != null && references.length > 0;
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return false;
        }
    }

    private static String attribute(HttpServletRequest request, String name, String fallback) {
        Object value = request.getAttribute(name);
        return value instanceof String s ? s : fallback;
    }
}
