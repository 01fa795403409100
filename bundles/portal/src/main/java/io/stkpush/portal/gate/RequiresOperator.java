package io.stkpush.portal.gate;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import javax.ws.rs.NameBinding;

/**
 * Marks a resource (or one of its methods) as the operators' only. The gate's filter carries it too, so the runtime
 * applies the filter to these resources alone: the health check and the Daraja callbacks in the same application
 * stay open. A resource marked so also selects the filter by name ({@link OperatorGate#SELECT}), so it is not
 * served while the filter is missing.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresOperator {
}
