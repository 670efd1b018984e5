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

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.type.TypeFactory;

import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * The default {@link AttributeCodec}: JSON written by Jackson 3, with a type id on every
 * value whose class is not a plain JSON type. Reading a type id is where deserialization
 * attacks start (Laravel's CVE-2018-15133 is the session-store variant), so type ids are
 * resolved only against an explicit allowlist: a few JDK value and collection types,
 * Spring MVC's flash map, Spring Security's own types when it is present (its Jackson
 * modules declare them), and whatever the application adds. Anything else fails with
 * {@link AttributeCodecException} before the class is loaded.
 *
 * @author session-starter
 */
public class JsonAttributeCodec implements AttributeCodec {

	static final String SECURITY_MODULES = "org.springframework.security.jackson.SecurityJacksonModules";

	/** JDK and Spring types every codec trusts; also registered for native images. */
	static final List<String> DEFAULT_TYPES = List.of("java.lang.Long", "java.lang.Short", "java.lang.Byte",
			"java.lang.Float", "java.math.BigDecimal", "java.math.BigInteger", "java.util.ArrayList",
			"java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
			"java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.Collections$EmptyList",
			"java.util.Collections$EmptyMap", "java.util.Collections$EmptySet", "java.util.Locale", "java.util.UUID",
			"java.time.Instant", "java.time.Duration", "java.time.LocalDate", "java.time.LocalDateTime",
			// Identity providers' claims: an ID token's "iss" is decoded as a URL.
			"java.net.URL", "java.net.URI",
			// Spring MVC keeps flash attributes (redirect after POST) in the session.
			"org.springframework.web.servlet.FlashMap", "org.springframework.util.LinkedMultiValueMap");

	static final String SECURITY_WEB = "org.springframework.security.web.authentication.WebAuthenticationDetails";

	private final JsonMapper mapper;

	private final @Nullable CompactSecurityContext compact;

	/**
	 * Create a codec that also trusts the given types.
	 * @param allowedTypes fully qualified class names, or package prefixes ending in
	 * {@code .}, of application types that may be stored in the session
	 */
	public JsonAttributeCodec(Collection<String> allowedTypes) {
		this(allowedTypes, JsonAttributeCodec.class.getClassLoader());
	}

	/**
	 * Create a codec that trusts only JDK value types and Spring Security's types.
	 */
	public JsonAttributeCodec() {
		this(List.of());
	}

	/**
	 * Create a codec that also trusts the given types and resolves them with the given
	 * class loader. Applications pass their own class loader, so that a type comes back
	 * as the application defines it even where the starter's classes live in a parent
	 * class loader (Spring Boot DevTools' restart class loader, application servers).
	 * @param allowedTypes fully qualified class names, or package prefixes ending in
	 * {@code .}, of application types that may be stored in the session
	 * @param classLoader the application's class loader, or {@code null} for the default
	 */
	public JsonAttributeCodec(Collection<String> allowedTypes, @Nullable ClassLoader classLoader) {
		BasicPolymorphicTypeValidator.Builder allowlist = BasicPolymorphicTypeValidator.builder();
		// Exact names are matched whole (a prefix match on "java.lang.Long" would also
		// admit any class whose name merely starts with it).
		DEFAULT_TYPES.forEach((name) -> allowlist.allowIfSubType(Pattern.compile(Pattern.quote(name))));
		for (String allowed : allowedTypes) {
			if (allowed.endsWith(".")) {
				allowlist.allowIfSubType(allowed);
			}
			else {
				allowlist.allowIfSubType(Pattern.compile(Pattern.quote(allowed)));
			}
		}
		JsonMapper.Builder builder = JsonMapper.builder();
		ClassLoader loader = (classLoader != null) ? classLoader : ClassUtils.getDefaultClassLoader();
		Assert.state(loader != null, "No class loader");
		boolean security = ClassUtils.isPresent(SECURITY_MODULES, loader);
		boolean securityWeb = security && ClassUtils.isPresent(SECURITY_WEB, loader);
		if (security) {
			// Spring Security's modules add its mixins and extend the allowlist with its
			// types.
			builder.addModules(SecurityModules.get(loader, allowlist, securityWeb));
		}
		this.compact = securityWeb ? new CompactSecurityContext() : null;
		builder.addModule(new InertUrlModule());
		builder.setDefaultTyping(new PlainContainerTyping(new TypeIdValidator(allowlist.build(), loader)));
		// Without a class loader of its own Jackson resolves type ids with whatever
		// class loader the decoding thread happens to have.
		this.mapper = builder.typeFactory(TypeFactory.createDefaultInstance().withClassLoader(loader)).build();
	}

	@Override
	public String encode(Object value) {
		try {
			String compactForm = (this.compact != null) ? this.compact.encode(value) : null;
			if (compactForm != null) {
				return compactForm;
			}
			return this.mapper.writerFor(Object.class).writeValueAsString(value);
		}
		catch (JacksonException ex) {
			throw new AttributeCodecException("Cannot write a " + value.getClass().getName()
					+ " as JSON; store JSON-friendly values or allow Java serialization", ex);
		}
	}

	@Override
	public @Nullable Object decode(String stored) {
		try {
			if (stored.startsWith(CompactSecurityContext.PREFIX) && this.compact != null) {
				return this.compact.decode(stored);
			}
			return this.mapper.readValue(stored, Object.class);
		}
		catch (JacksonException ex) {
			throw new AttributeCodecException(
					"Stored attribute is not valid JSON of an allowed type: " + ex.getOriginalMessage(), ex);
		}
		catch (IllegalArgumentException | DateTimeException ex) {
			throw new AttributeCodecException("Stored security context is malformed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Keeps Spring Security an optional dependency: only touched when it is present.
	 */
	static final class SecurityModules {

		static List<JacksonModule> get(ClassLoader loader, BasicPolymorphicTypeValidator.Builder allowlist,
				boolean web) {
			List<JacksonModule> modules = new ArrayList<>(
					org.springframework.security.jackson.SecurityJacksonModules.getModules(loader, allowlist));
			// The last module only switches default typing on with Spring Security's
			// validator; we switch it on ourselves, with a validator that decides
			// before classes load.
			modules
				.removeIf((module) -> !(module instanceof org.springframework.security.jackson.SecurityJacksonModule));
			if (ClassUtils.isPresent(OAuth2ClientModule.PRESENT, loader)) {
				modules.add(new OAuth2ClientModule());
			}
			if (web) {
				modules.add(new TokenFreeDetailsModule());
				modules.add(new SessionLimitFailureModule());
				allowlist.allowIfSubType(Pattern.compile(Pattern.quote(SessionLimitFailureModule.TYPE)));
			}
			return modules;
		}

	}

}
