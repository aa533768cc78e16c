package dev.jqueue.console.security.oidc;

import dev.jqueue.console.ConsoleProperties;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;

/**
 * Turns an OpenID Connect sign-in's groups into console roles: the groups are read from the
 * claim {@code jqueue.console.oidc.groups-claim} (ID token first, then user info; a list or a
 * space- or comma-separated string), each is looked up in {@code jqueue.console.oidc.roles}, and
 * the user gets the highest role found with the roles below it. Without a mapped group the user
 * is signed in but has no console role, so every page refuses them.
 */
public class OidcRoleMapper implements GrantedAuthoritiesMapper {

    private final ConsoleProperties.Oidc settings;

    public OidcRoleMapper(ConsoleProperties.Oidc settings) {
        this.settings = settings;
    }

    @Override
    public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> authorities) {
        Set<GrantedAuthority> mapped = new LinkedHashSet<>(authorities);
        groups(authorities).map(settings.roles()::get).filter(java.util.Objects::nonNull).max(Enum::compareTo)
                .ifPresent(role -> role.included().forEach(included ->
                        mapped.add(new SimpleGrantedAuthority("ROLE_" + included.name()))));
        return mapped;
    }

    private Stream<String> groups(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().flatMap(authority -> switch (authority) {
            case OidcUserAuthority oidc -> Stream.concat(
                    values(oidc.getIdToken().getClaims()),
                    oidc.getUserInfo() == null ? Stream.empty() : values(oidc.getUserInfo().getClaims()));
            case OAuth2UserAuthority oauth2 -> values(oauth2.getAttributes());
            default -> Stream.empty();
        }).distinct();
    }

    private Stream<String> values(Map<String, Object> claims) {
        Object claim = claims.get(settings.groupsClaim());
        if (claim instanceof Collection<?> list) {
            return list.stream().map(String::valueOf);
        }
        if (claim instanceof String text) {
            return Stream.of(text.split("[\\s,]+")).filter(group -> !group.isBlank());
        }
        return Stream.empty();
    }
}
