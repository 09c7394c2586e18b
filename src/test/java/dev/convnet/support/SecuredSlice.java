package dev.convnet.support;

import dev.convnet.security.SecurityConfiguration;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;

/**
 * For a {@code @WebMvcTest}: the service's own security in front of the controllers (problem documents, origin
 * check, rules), with each request made by a caller holding every scope, so that the test sees the web layer.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Import(SecurityConfiguration.class)
@WithMockUser(username = "test-admin", authorities = {"SCOPE_admin", "SCOPE_manage", "SCOPE_train", "SCOPE_predict"})
public @interface SecuredSlice {
}
