/**
 * The operator gate, for any bundle that serves the host's operators: the WebSocket bridge, the renewal resource, the
 * portal's own REST API.
 * <ul>
 * <li>A JAX-RS whiteboard resource marks itself {@link io.stkpush.portal.gate.RequiresOperator @RequiresOperator}
 * and selects the gate's filter and Jackson with
 * {@code @JaxrsExtensionSelect({OperatorGate.JSON, OperatorGate.SELECT})}; the portal's filter then lets only
 * operators through, refuses state changes sent from another site's page, and the resource reads who is calling
 * with {@link io.stkpush.portal.gate.OperatorGate#operator(javax.ws.rs.core.SecurityContext)}.</li>
 * <li>Without JAX-RS (a servlet, a WebSocket upgrade), the caller refuses what
 * {@link io.stkpush.portal.gate.OperatorGate#isFromAnotherSite} (or, for plain HTTP,
 * {@link io.stkpush.portal.gate.OperatorGate#isCrossSite}) names and asks the host's
 * {@link io.stkpush.host.OperatorAuthenticator} with {@link io.stkpush.portal.gate.OperatorGate#request}.</li>
 * <li>Where a browser cannot send the operator's credentials (a WebSocket), the page takes a single-use ticket from
 * {@code POST /stkpush/api/events/tickets} and the bundle redeems it with
 * {@link io.stkpush.portal.gate.OperatorTickets} (1.1).</li>
 * </ul>
 */
@Export
@Version("1.1.0")
package io.stkpush.portal.gate;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
