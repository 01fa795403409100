package io.stkpush.portal.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * Serves the {@code <stk-push-dialog>} web component, {@code /stkpush/ui/stk-push-dialog.js} and the modules and
 * styles it loads, from this bundle's {@code ui/} folder through the HTTP whiteboard. They are the same for
 * everyone and hold no data, so they need no login: every call they make goes through the operator API.
 */
@Component(service = DialogResources.class)
@HttpWhiteboardResource(pattern = DialogResources.PATTERN, prefix = DialogResources.PREFIX)
public class DialogResources {

    static final String PATTERN = "/stkpush/ui/*";
    static final String PREFIX = "/ui";
}
