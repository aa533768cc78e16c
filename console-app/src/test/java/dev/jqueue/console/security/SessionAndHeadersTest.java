package dev.jqueue.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.console.ConsoleProperties;
import dev.jqueue.console.TestDataDirectory;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.catalina.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * The session cookie and the security headers of the pages Vaadin serves, read over real HTTP:
 * HttpOnly and SameSite always, Secure when the request came over HTTPS through a proxy
 * ({@code server.forward-headers-strategy=native} and {@code X-Forwarded-Proto}); the idle
 * timeout from {@code server.servlet.session.timeout}; nosniff, same-origin referrers, no
 * framing and the console's Content-Security-Policy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "jqueue.console.data-dir=target/test-data/headers",
        "server.forward-headers-strategy=native",
        "server.servlet.session.timeout=17m",
        "jqueue.console.users[0].username=otto",
        "jqueue.console.users[0].password={noop}operator-password",
        "jqueue.console.users[0].role=OPERATOR"})
class SessionAndHeadersTest {

    static {
        TestDataDirectory.fresh("headers");
    }

    @LocalServerPort
    int port;

    @Autowired
    WebServerApplicationContext context;

    private ConsoleHttp http;

    @BeforeEach
    void client() {
        http = new ConsoleHttp(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"login", "", "jobs"})
    void pagesCarryTheSecurityHeaders(String path) {
        HttpResponse<String> response = http.get(path);

        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValue(ConsoleProperties.Security.DEFAULT_CSP);
        assertThat(ConsoleProperties.Security.DEFAULT_CSP).contains("frame-ancestors 'none'", "object-src 'none'");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteButNotSecureOverPlainHttp() {
        HttpResponse<String> login = http.login("otto", "operator-password");

        String cookie = sessionCookie(login.headers().allValues("Set-Cookie"));
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").doesNotContain("Secure");
    }

    @Test
    void behindATlsProxyTheSessionCookieIsSecure() {
        HttpResponse<String> login = http.login("otto", "operator-password", "X-Forwarded-Proto", "https");

        String cookie = sessionCookie(login.headers().allValues("Set-Cookie"));
        assertThat(cookie).contains("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
    }

    @Test
    void theIdleTimeoutIsTheConfiguredOne() {
        TomcatWebServer server = (TomcatWebServer) context.getWebServer();
        Context web = (Context) server.getTomcat().getHost().findChildren()[0];

        assertThat(web.getSessionTimeout()).as("minutes").isEqualTo(17);
    }

    private static String sessionCookie(List<String> setCookies) {
        return setCookies.stream().filter(cookie -> cookie.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no JSESSIONID cookie in " + setCookies));
    }
}
