/*
 * Copyright 2026 the session-starter authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.sessionstarter.core.codec;

import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;
import org.springframework.web.servlet.FlashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

class JsonAttributeCodecTests {

	private final JsonAttributeCodec codec = new JsonAttributeCodec();

	@Test
	void roundTripsSecurityContextWithUsableAuthentication() {
		UserDetails user = User.withUsername("alice").password("{noop}secret").roles("USER", "ADMIN").build();
		Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(user, null,
				user.getAuthorities());
		// As ProviderManager does after a successful login.
		((UsernamePasswordAuthenticationToken) authentication).eraseCredentials();
		SecurityContext context = new SecurityContextImpl(authentication);
		String stored = this.codec.encode(context);
		assertThat(stored).doesNotContain("secret");
		SecurityContext decoded = (SecurityContext) this.codec.decode(stored);
		assertThat(decoded).isNotNull();
		Authentication restored = decoded.getAuthentication();
		assertThat(restored.isAuthenticated()).isTrue();
		assertThat(restored.getName()).isEqualTo("alice");
		assertThat(AuthorityUtils.authorityListToSet(restored.getAuthorities())).containsExactlyInAnyOrder("ROLE_USER",
				"ROLE_ADMIN");
		assertThat(restored.getPrincipal()).isInstanceOf(User.class);
		assertThat(((User) restored.getPrincipal()).getUsername()).isEqualTo("alice");
	}

	@Test
	void aLoginRefusedAtTheSessionLimitIsStoredAsItsMessageOnly() {
		JsonAttributeCodec codec = new JsonAttributeCodec();
		SessionAuthenticationException failure = new SessionAuthenticationException("Maximum sessions of 1 exceeded");
		String stored = codec.encode(failure);
		assertThat(stored).contains("Maximum sessions of 1 exceeded")
			.doesNotContain("stackTrace", "JsonAttributeCodecTests");
		assertThat(codec.decode(stored)).isInstanceOfSatisfying(SessionAuthenticationException.class,
				(restored) -> assertThat(restored.getMessage()).isEqualTo("Maximum sessions of 1 exceeded"));
	}

	@Test
	void ordinaryLoginIsStoredCompactlyAndWithoutTheLoginSessionId() {
		UserDetails user = User.withUsername("alice")
			.password("{noop}secret")
			.roles("USER")
			.accountLocked(true)
			.credentialsExpired(true)
			.build();
		// Spring Security 7 adds a factor authority at every login.
		List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
		Instant issued = Instant.parse("2026-11-24T08:00:00.123456789Z");
		authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
			.issuedAt(issued)
			.build());
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(user,
				null, authorities);
		authentication.setDetails(new WebAuthenticationDetails("203.0.113.7", "the-pre-login-session-token"));
		authentication.eraseCredentials();
		String stored = this.codec.encode(new SecurityContextImpl(authentication));
		assertThat(stored).startsWith(CompactSecurityContext.PREFIX)
			.hasSizeLessThan(200)
			.doesNotContain("the-pre-login-session-token")
			.doesNotContain("secret");
		Authentication restored = ((SecurityContext) this.codec.decode(stored)).getAuthentication();
		assertThat(restored).isInstanceOf(UsernamePasswordAuthenticationToken.class);
		assertThat(restored.isAuthenticated()).isTrue();
		assertThat(restored.getCredentials()).isNull();
		assertThat(AuthorityUtils.authorityListToSet(restored.getAuthorities())).containsExactlyInAnyOrder("ROLE_USER",
				FactorGrantedAuthority.PASSWORD_AUTHORITY);
		assertThat(restored.getAuthorities()).filteredOn(FactorGrantedAuthority.class::isInstance)
			.singleElement()
			.satisfies((factor) -> assertThat(((FactorGrantedAuthority) factor).getIssuedAt()).isEqualTo(issued));
		assertThat(stored).as("the issue time in nanoseconds, the user's authorities left out as the login's")
			.contains("\"t\":1795507200123456789")
			.doesNotContain("\"ua\"");
		User principal = (User) restored.getPrincipal();
		assertThat(AuthorityUtils.authorityListToSet(principal.getAuthorities())).containsExactly("ROLE_USER");
		assertThat(principal.getUsername()).isEqualTo("alice");
		assertThat(principal.getPassword()).isNull();
		assertThat(principal.isEnabled()).isTrue();
		assertThat(principal.isAccountNonExpired()).isTrue();
		assertThat(principal.isAccountNonLocked()).isFalse();
		assertThat(principal.isCredentialsNonExpired()).isFalse();
		WebAuthenticationDetails details = (WebAuthenticationDetails) restored.getDetails();
		assertThat(details.getRemoteAddress()).isEqualTo("203.0.113.7");
		assertThat(details.getSessionId()).isNull();
	}

	@Test
	void aUserWhoseAuthoritiesDifferFromTheLoginsKeepsThemAndTheEarlierTextFormStillReads() {
		UserDetails user = User.withUsername("bob").password("x").roles("USER", "ADMIN").build();
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(
				User.withUserDetails(user).password("x").build(), null,
				AuthorityUtils.createAuthorityList("ROLE_USER"));
		authentication.eraseCredentials();
		String stored = this.codec.encode(new SecurityContextImpl(authentication));
		assertThat(stored).contains("\"ua\"");
		User principal = (User) ((SecurityContext) this.codec.decode(stored)).getAuthentication().getPrincipal();
		assertThat(AuthorityUtils.authorityListToSet(principal.getAuthorities())).containsExactlyInAnyOrder("ROLE_USER",
				"ROLE_ADMIN");
		String earlier = CompactSecurityContext.PREFIX
				+ "{\"n\":\"carol\",\"a\":[\"ROLE_USER\",{\"t\":\"2026-12-03T14:54:17.668450447Z\",\"f\":\"FACTOR_PASSWORD\"}]}";
		Authentication read = ((SecurityContext) this.codec.decode(earlier)).getAuthentication();
		assertThat(read.getAuthorities()).filteredOn(FactorGrantedAuthority.class::isInstance)
			.singleElement()
			.satisfies((factor) -> assertThat(((FactorGrantedAuthority) factor).getIssuedAt())
				.isEqualTo(Instant.parse("2026-12-03T14:54:17.668450447Z")));
	}

	@Test
	void otherAuthenticationsUseTheGenericFormAndStillDropTheLoginSessionId() {
		RememberMeAuthenticationToken authentication = new RememberMeAuthenticationToken("key", "bob",
				AuthorityUtils.createAuthorityList("ROLE_USER"));
		authentication.setDetails(new WebAuthenticationDetails("198.51.100.1", "the-pre-login-session-token"));
		String stored = this.codec.encode(new SecurityContextImpl(authentication));
		assertThat(stored).doesNotStartWith(CompactSecurityContext.PREFIX)
			.doesNotContain("the-pre-login-session-token")
			.contains("198.51.100.1");
		Authentication restored = ((SecurityContext) this.codec.decode(stored)).getAuthentication();
		assertThat(restored).isInstanceOf(RememberMeAuthenticationToken.class);
		assertThat(restored.getName()).isEqualTo("bob");
	}

	@Test
	void malformedCompactFormIsRejected() {
		assertThatExceptionOfType(AttributeCodecException.class)
			.isThrownBy(() -> this.codec.decode(CompactSecurityContext.PREFIX + "{\"a\":[]}"));
		assertThatExceptionOfType(AttributeCodecException.class).isThrownBy(
				() -> this.codec.decode(CompactSecurityContext.PREFIX + "{\"n\":\"\",\"u\":1,\"ua\":[],\"a\":[]}"));
		assertThatExceptionOfType(AttributeCodecException.class)
			.isThrownBy(() -> this.codec.decode(CompactSecurityContext.PREFIX + "{"));
	}

	@Test
	void roundTripsPlainValuesAndCollections() {
		Map<String, Object> cart = new HashMap<>();
		cart.put("apples", 3);
		cart.put("pears", 5L);
		List<String> list = new ArrayList<>(List.of("a", "b"));
		assertThat(this.codec.decode(this.codec.encode("text"))).isEqualTo("text");
		assertThat(this.codec.decode(this.codec.encode(42))).isEqualTo(42);
		assertThat(this.codec.decode(this.codec.encode(42L))).isEqualTo(42L);
		assertThat(this.codec.decode(this.codec.encode(true))).isEqualTo(true);
		assertThat(this.codec.decode(this.codec.encode(cart))).isEqualTo(cart);
		assertThat(this.codec.decode(this.codec.encode(list))).isEqualTo(list);
	}

	@Test
	void rejectsPayloadNamingNonAllowlistedClassWithoutLoadingIt() {
		String crafted = "[\"" + Gadget.class.getName() + "\",{\"command\":\"touch /tmp/pwned\"}]";
		assertThatExceptionOfType(AttributeCodecException.class).isThrownBy(() -> this.codec.decode(crafted))
			.withMessageContaining("allowed type");
		assertThat(GadgetProbe.initialized).as("Gadget's static initializer ran").isFalse();
	}

	@Test
	void storedUrlsNeitherResolveTheirHostNorOpen() throws Exception {
		// The "URLDNS" probe: a set of URLs, whose hash codes would resolve their hosts.
		String crafted = "[\"java.util.HashSet\",[[\"java.net.URL\",\"http://never-resolved.invalid/x\"]]]";
		Set<?> decoded = (Set<?>) this.codec.decode(crafted);
		assertThat(decoded).singleElement().isInstanceOfSatisfying(URL.class, (url) -> {
			assertThat(url.hashCode()).isEqualTo(url.toExternalForm().hashCode());
			assertThat(url.getHost()).isEqualTo("never-resolved.invalid");
			assertThatIOException().isThrownBy(url::openConnection);
		});
	}

	@Test
	void storedUrlsOtherThanAbsoluteHttpAreRefused() {
		for (String url : List.of("file:///etc/passwd", "jar:file:/app.jar!/", "ftp://example.com/", "http:relative",
				"mailto:alice@example.com")) {
			String crafted = "[\"java.net.URL\",\"" + url + "\"]";
			assertThatExceptionOfType(AttributeCodecException.class).as(url)
				.isThrownBy(() -> this.codec.decode(crafted));
		}
	}

	@Test
	void rejectsTruncatedJson() {
		String stored = this.codec.encode(new ArrayList<>(List.of("a", "b")));
		assertThatExceptionOfType(AttributeCodecException.class)
			.isThrownBy(() -> this.codec.decode(stored.substring(0, stored.length() - 3)));
	}

	@Test
	void roundTripsSpringMvcFlashAttributes() {
		FlashMap flash = new FlashMap();
		flash.put("message", "2 sessions ended");
		List<FlashMap> flashMaps = new ArrayList<>(List.of(flash));
		Object decoded = this.codec.decode(this.codec.encode(flashMaps));
		assertThat(decoded).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.singleElement()
			.isInstanceOf(FlashMap.class)
			.isEqualTo(flash);
	}

	@Test
	void verifyRefusesValuesThatCouldNotBeReadBack() {
		assertThatExceptionOfType(AttributeCodecException.class).isThrownBy(() -> this.codec.verify(new Item("x", 1)));
		this.codec.verify(new ArrayList<>(List.of("fine")));
	}

	@Test
	void acceptsApplicationTypesOnlyWhenAllowed() {
		Item item = new Item("book", 2);
		String stored = new JsonAttributeCodec(List.of(Item.class.getName())).encode(item);
		assertThatExceptionOfType(AttributeCodecException.class).isThrownBy(() -> this.codec.decode(stored));
		assertThat(new JsonAttributeCodec(List.of(Item.class.getName())).decode(stored)).isEqualTo(item);
		assertThat(new JsonAttributeCodec(List.of("dev.sessionstarter.core.codec.")).decode(stored)).isEqualTo(item);
	}

	public record Item(String name, int quantity) {
	}

	static final class GadgetProbe {

		static volatile boolean initialized;

	}

	public static class Gadget {

		static {
			GadgetProbe.initialized = true;
		}

		public String command = "";

	}

}
