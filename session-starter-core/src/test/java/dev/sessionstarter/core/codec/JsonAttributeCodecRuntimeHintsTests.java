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

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sessionstarter.core.AotFactories;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.jackson.CoreJacksonModule;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;
import org.springframework.security.web.jackson.WebJacksonModule;
import org.springframework.security.web.jackson.WebServletJacksonModule;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.servlet.FlashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JsonAttributeCodecRuntimeHints}, as ahead-of-time processing finds it: what a
 * native image needs so that the codec reads back everything it writes.
 *
 * @author session-starter
 */
class JsonAttributeCodecRuntimeHintsTests {

	/** A fully qualified class name in a JSON string: a type id. */
	private static final Pattern TYPE_ID = Pattern.compile("\"((?:[a-z_][a-z0-9_]*\\.)+[A-Z][\\w$]*)\"");

	private static final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	private final RuntimeHints hints = AotFactories.hintsOf(JsonAttributeCodecRuntimeHints.class);

	@Test
	void isRegisteredForAheadOfTimeProcessing() {
		assertThat(AotFactories.registrars()).hasAtLeastOneElementOfType(JsonAttributeCodecRuntimeHints.class);
	}

	@Test
	void everyDefaultTypeCanBeLoadedByName() {
		assertThat(JsonAttributeCodec.DEFAULT_TYPES).isNotEmpty();
		for (String type : JsonAttributeCodec.DEFAULT_TYPES) {
			assertThat(reflection.onType(TypeReference.of(type))).as(type).accepts(this.hints);
		}
	}

	@Test
	void collectionsAndMapsCanBeCreated() throws NoSuchMethodException {
		for (Class<?> type : List.of(ArrayList.class, LinkedList.class, TreeSet.class, LinkedHashSet.class,
				LinkedHashMap.class, FlashMap.class, LinkedMultiValueMap.class)) {
			assertThat(reflection.onConstructorInvocation(type.getConstructor())).as(type.getName())
				.accepts(this.hints);
		}
	}

	@Test
	void springSecurityIsFoundByNameWithTheModulesItLoadsByName() throws NoSuchMethodException {
		assertThat(reflection.onType(SecurityJacksonModules.class)).accepts(this.hints);
		assertThat(reflection.onType(WebAuthenticationDetails.class)).accepts(this.hints);
		assertThat(reflection.onType(Cookie.class)).accepts(this.hints);
		for (Class<?> module : List.of(CoreJacksonModule.class, WebJacksonModule.class,
				WebServletJacksonModule.class)) {
			assertThat(reflection.onConstructorInvocation(module.getConstructor())).as(module.getName())
				.accepts(this.hints);
		}
	}

	@Test
	void ourMixinsAndWhatTheyBindAreRegistered() throws NoSuchMethodException {
		assertThat(reflection.onType(TokenFreeDetailsModule.DetailsMixin.class)).accepts(this.hints);
		assertThat(reflection
			.onConstructorInvocation(WebAuthenticationDetails.class.getConstructor(String.class, String.class)))
			.accepts(this.hints);
		assertThat(reflection.onFieldAccess(WebAuthenticationDetails.class, "remoteAddress")).accepts(this.hints);
		assertThat(reflection.onType(SessionLimitFailureModule.FailureMixin.class)).accepts(this.hints);
		assertThat(
				reflection.onConstructorInvocation(SessionAuthenticationException.class.getConstructor(String.class)))
			.accepts(this.hints);
		assertThat(reflection.onMethodInvocation(Throwable.class, "getMessage")).accepts(this.hints);
	}

	@Test
	void springSecurityMixinsAndTheDeserializersTheyNameAreRegistered() throws NoSuchMethodException {
		assertThat(reflection.onType(TypeReference.of("org.springframework.security.jackson.UserMixin")))
			.accepts(this.hints);
		assertThat(reflection.onType(TypeReference.of("org.springframework.security.jackson.UserDeserializer"))
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
		assertThat(reflection.onConstructorInvocation(BadCredentialsException.class.getConstructor(String.class)))
			.accepts(this.hints);
		assertThat(reflection.onMethodInvocation(AnonymousAuthenticationToken.class, "getKeyHash")).accepts(this.hints);
	}

	@Test
	void everyTypeIdTheCodecWritesCanBeLoadedByName() {
		JsonAttributeCodec codec = new JsonAttributeCodec();
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("counts", new LinkedHashMap<>(Map.of("visits", 3L, "total", new BigDecimal("9.50"))));
		values.put("cart", new ArrayList<>(List.of("apple", "pear")));
		values.put("tags", new TreeSet<>(Set.of("a", "b")));
		values.put("seen", Instant.parse("2026-01-02T03:04:05Z"));
		values.put("id", UUID.randomUUID());
		values.put("locale", Locale.CANADA_FRENCH);
		values.put("flash", new FlashMap());
		StringBuilder written = new StringBuilder(codec.encode(values));
		RememberMeAuthenticationToken rememberMe = new RememberMeAuthenticationToken("key",
				User.withUsername("bob").password("").roles("USER").build(),
				AuthorityUtils.createAuthorityList("ROLE_USER"));
		rememberMe.setDetails(new WebAuthenticationDetails("198.51.100.1", null));
		written.append(codec.encode(new SecurityContextImpl(rememberMe)));
		written.append(codec.encode(new SecurityContextImpl(new AnonymousAuthenticationToken("key", "anonymous",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")))));
		written.append(codec
			.encode(new SecurityContextImpl(UsernamePasswordAuthenticationToken.unauthenticated("bob", "secret"))));
		written.append(codec.encode(new BadCredentialsException("Bad credentials")));
		written.append(codec.encode(new SessionAuthenticationException("Maximum sessions exceeded")));
		Set<String> typeIds = new LinkedHashSet<>();
		Matcher typeId = TYPE_ID.matcher(written);
		while (typeId.find()) {
			typeIds.add(typeId.group(1));
		}
		assertThat(typeIds).contains("java.util.ArrayList", "org.springframework.security.core.userdetails.User",
				"org.springframework.security.authentication.RememberMeAuthenticationToken",
				"org.springframework.security.web.authentication.session.SessionAuthenticationException");
		for (String type : typeIds) {
			assertThat(reflection.onType(TypeReference.of(type))).as(type).accepts(this.hints);
		}
	}

}
