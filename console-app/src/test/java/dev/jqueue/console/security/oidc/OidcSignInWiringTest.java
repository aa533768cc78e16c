package dev.jqueue.console.security.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.console.ConsoleProperties;
import dev.jqueue.console.TestDataDirectory;
import dev.jqueue.console.security.ConsoleRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With a provider under {@code spring.security.oauth2.client.registration.*} the console offers
 * it beside the form: Spring Security sends the browser to the provider (real HTTP), and the
 * group-to-role table binds from {@code jqueue.console.oidc.*} (the engine's key check accepts it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "jqueue.console.data-dir=target/test-data/oidc",
        "jqueue.console.users[0].username=break-glass",
        "jqueue.console.users[0].password={noop}break-glass-password",
        "jqueue.console.users[0].role=ADMIN",
        "jqueue.console.oidc.groups-claim=roles",
        "jqueue.console.oidc.roles.queue-operators=OPERATOR",
        "jqueue.console.oidc.roles[/jqueue/admins]=ADMIN",
        "spring.security.oauth2.client.registration.corp.client-id=jqueue-console",
        "spring.security.oauth2.client.registration.corp.client-secret=secret",
        "spring.security.oauth2.client.registration.corp.client-name=Corp SSO",
        "spring.security.oauth2.client.registration.corp.scope=openid,profile",
        "spring.security.oauth2.client.registration.corp.authorization-grant-type=authorization_code",
        "spring.security.oauth2.client.registration.corp.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
        "spring.security.oauth2.client.provider.corp.authorization-uri=https://sso.example.com/authorize",
        "spring.security.oauth2.client.provider.corp.token-uri=https://sso.example.com/token",
        "spring.security.oauth2.client.provider.corp.jwk-set-uri=https://sso.example.com/jwks",
        "spring.security.oauth2.client.provider.corp.user-name-attribute=sub"})
class OidcSignInWiringTest {

    static {
        TestDataDirectory.fresh("oidc");
    }

    @LocalServerPort
    int port;

    @Autowired
    ConsoleProperties properties;

    @Test
    void theProviderIsOfferedAndTheBrowserIsSentThere() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/oauth2/authorization/corp")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("https://sso.example.com/authorize?").contains("client_id=jqueue-console")
                .contains("scope=openid%20profile").contains("redirect_uri=http://localhost:" + port + "/login/oauth2/code/corp");
    }

    @Test
    void theRoleTableBindsFromConfiguration() {
        assertThat(properties.oidc().groupsClaim()).isEqualTo("roles");
        assertThat(properties.oidc().roles()).containsEntry("queue-operators", ConsoleRole.OPERATOR)
                .containsEntry("/jqueue/admins", ConsoleRole.ADMIN);
    }
}
