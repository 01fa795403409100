package io.stkpush.portal.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import javax.ws.rs.NameBinding;

/**
 * Marks the operator API's resources. The {@link OperatorFilter} carries it too, so the runtime applies the filter
 * to these resources only: the health check and the Daraja callbacks in the same application stay open.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresOperator {
}
