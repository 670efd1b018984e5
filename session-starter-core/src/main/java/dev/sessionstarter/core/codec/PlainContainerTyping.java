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

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.TypeIdResolver;
import tools.jackson.databind.jsontype.impl.ClassNameIdResolver;
import tools.jackson.databind.jsontype.impl.DefaultTypeResolverBuilder;

/**
 * Default typing that writes the maps and lists of JSON parsers, and the JDK's immutable
 * collections, under the type id of the plain collection they equal. An identity
 * provider's claims arrive as whatever the JWT library parsed them into (Nimbus' shaded
 * Gson {@code LinkedTreeMap} for a nested claim such as Keycloak's {@code realm_access}),
 * and Spring Security keeps them as they are; admitting those classes to the allowlist
 * would tie stored sessions to a library's internals, so they are stored as the
 * {@code LinkedHashMap} or {@code ArrayList} they are equal to, with the same entries in
 * the same order.
 *
 * <p>
 * Only writing changes. Reading still resolves every type id against the closed
 * allowlist, and any other class still fails where it is stored.
 *
 * @author session-starter
 */
final class PlainContainerTyping extends DefaultTypeResolverBuilder {

	private static final String PLAIN_MAP = "java.util.LinkedHashMap";

	private static final String PLAIN_LIST = "java.util.ArrayList";

	private static final String PLAIN_SET = "java.util.LinkedHashSet";

	/**
	 * Containers of JSON libraries that identity-provider libraries hand over as claims,
	 * and as the provider metadata a client registration keeps (the OIDC SDK's
	 * {@code OrderedJSONObject} for a nested object of a discovery document, such as
	 * Keycloak's {@code mtls_endpoint_aliases}).
	 */
	private static final Set<String> PARSER_CONTAINERS = Set.of("com.nimbusds.jose.shaded.gson.internal.LinkedTreeMap",
			"com.google.gson.internal.LinkedTreeMap", "net.minidev.json.JSONObject", "net.minidev.json.JSONArray",
			"com.nimbusds.oauth2.sdk.util.OrderedJSONObject");

	private static final String JDK_IMMUTABLE = "java.util.ImmutableCollections$";

	PlainContainerTyping(PolymorphicTypeValidator validator) {
		super(validator, DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY);
	}

	@Override
	protected TypeIdResolver idResolver(DatabindContext ctxt, JavaType baseType,
			PolymorphicTypeValidator subtypeValidator, Collection<NamedType> subtypes, boolean forSer,
			boolean forDeser) {
		TypeIdResolver resolver = super.idResolver(ctxt, baseType, subtypeValidator, subtypes, forSer, forDeser);
		if (!forSer || forDeser || resolver.getClass() != ClassNameIdResolver.class) {
			return resolver;
		}
		return new PlainContainerIds(baseType, subtypes, subtypeValidator);
	}

	/**
	 * The type id to write for a value of the given class instead of its own name, or
	 * {@code null} to write its own name.
	 * @param type the class of a value
	 * @return the plain collection's type id, or {@code null}
	 */
	static @Nullable String plainId(Class<?> type) {
		String name = type.getName();
		if (!name.startsWith(JDK_IMMUTABLE) && !PARSER_CONTAINERS.contains(name)) {
			return null;
		}
		if (Map.class.isAssignableFrom(type)) {
			return PLAIN_MAP;
		}
		if (List.class.isAssignableFrom(type)) {
			return PLAIN_LIST;
		}
		return Set.class.isAssignableFrom(type) ? PLAIN_SET : null;
	}

	private static final class PlainContainerIds extends ClassNameIdResolver {

		PlainContainerIds(JavaType baseType, Collection<NamedType> subtypes, PolymorphicTypeValidator validator) {
			super(baseType, subtypes, validator);
		}

		@Override
		public String idFromValue(DatabindContext ctxt, Object value) {
			String plain = plainId(value.getClass());
			return (plain != null) ? plain : super.idFromValue(ctxt, value);
		}

		@Override
		public String idFromValueAndType(DatabindContext ctxt, @Nullable Object value, Class<?> type) {
			String plain = plainId((value != null) ? value.getClass() : type);
			return (plain != null) ? plain : super.idFromValueAndType(ctxt, value, type);
		}

	}

}
