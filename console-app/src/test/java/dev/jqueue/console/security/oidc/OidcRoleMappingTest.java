package dev.jqueue.console.security.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jqueue.console.ConsoleProperties;
import dev.jqueue.console.actions.Operator;
import dev.jqueue.console.security.ConsoleRole;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * An OpenID Connect sign-in through Spring Security's own authorization-code provider (the one
 * {@code oauth2Login()} uses), with the provider's token endpoint and key set replaced by an
 * issued ID token: the groups claim becomes the console role the actions check.
 */
class OidcRoleMappingTest {

    private static final ConsoleProperties.Oidc SETTINGS = new ConsoleProperties.Oidc("groups",
            Map.of("queue-viewers", ConsoleRole.VIEWER, "queue-operators", ConsoleRole.OPERATOR,
                    "queue-admins", ConsoleRole.ADMIN));
    private static final ClientRegistration CORP = ClientRegistration.withRegistrationId("corp")
            .clientId("jqueue-console").clientSecret("secret").clientName("Corp SSO")
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("http://localhost:8080/login/oauth2/code/corp").scope("openid", "profile")
            .authorizationUri("https://sso.example.com/authorize").tokenUri("https://sso.example.com/token")
            .jwkSetUri("https://sso.example.com/jwks").userNameAttributeName("preferred_username").build();

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    static List<Arguments> groups() {
        return List.of(
                Arguments.of(List.of("staff", "queue-operators"), Optional.of(ConsoleRole.OPERATOR)),
                Arguments.of(List.of("queue-viewers", "queue-admins"), Optional.of(ConsoleRole.ADMIN)),
                Arguments.of("queue-viewers staff", Optional.of(ConsoleRole.VIEWER)),
                Arguments.of(List.of("staff"), Optional.empty()),
                Arguments.of(List.of(), Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("groups")
    void theGroupsClaimDecidesTheConsoleRole(Object groups, Optional<ConsoleRole> expected) {
        OAuth2LoginAuthenticationToken signedIn = signInWith(groups);

        OidcUser user = (OidcUser) signedIn.getPrincipal();
        assertThat(user.getName()).isEqualTo("olivia");
        List<String> authorities = signedIn.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
        expected.ifPresentOrElse(
                role -> assertThat(authorities).containsAll(role.included().stream().map(r -> "ROLE_" + r.name()).toList()),
                () -> assertThat(authorities).noneMatch(name -> name.startsWith("ROLE_")));
        assertThat(authorities).as("the provider's own authorities stay").contains("OIDC_USER");

        SecurityContextHolder.getContext().setAuthentication(new OAuth2AuthenticationToken(user,
                signedIn.getAuthorities(), CORP.getRegistrationId()));
        assertThat(Operator.current().map(Operator::role)).isEqualTo(expected);
    }

    /** Runs the authorization-code step as Spring Security does after the provider redirects back. */
    private static OAuth2LoginAuthenticationToken signInWith(Object groups) {
        OidcAuthorizationCodeAuthenticationProvider provider = new OidcAuthorizationCodeAuthenticationProvider(
                grant -> OAuth2AccessTokenResponse.withToken("access-token").tokenType(OAuth2AccessToken.TokenType.BEARER)
                        .expiresIn(300).scopes(java.util.Set.of("openid", "profile"))
                        .additionalParameters(Map.of("id_token", "issued-id-token")).build(),
                new OidcUserService());
        provider.setJwtDecoderFactory(registration -> token -> Jwt.withTokenValue(token).header("alg", "RS256")
                .issuer("https://sso.example.com").subject("user-42").audience(List.of(registration.getClientId()))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300))
                .claim("preferred_username", "olivia").claim("groups", groups).build());
        provider.setAuthoritiesMapper(new OidcRoleMapper(SETTINGS));

        OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(CORP.getProviderDetails().getAuthorizationUri()).clientId(CORP.getClientId())
                .redirectUri(CORP.getRedirectUri()).scopes(CORP.getScopes()).state("state-1").build();
        OAuth2AuthorizationResponse response = OAuth2AuthorizationResponse.success("code-1")
                .redirectUri(CORP.getRedirectUri()).state("state-1").build();
        return (OAuth2LoginAuthenticationToken) provider.authenticate(
                new OAuth2LoginAuthenticationToken(CORP, new OAuth2AuthorizationExchange(request, response)));
    }
}
