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

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.introspect.MixInHandler;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * What {@link JsonAttributeCodec} finds by name or reflection, for a native image, where
 * {@code Class.forName} finds only classes registered at build time and reflection sees
 * only registered members:
 * <ul>
 * <li>every type the allowlist admits, since stored JSON names its types and Jackson
 * loads them by name: the default JDK and Spring types (collections and maps are created
 * through their public constructors) and every type Spring Security's Jackson modules
 * allow;</li>
 * <li>the Spring Security classes whose presence the codec checks by name, the Jackson
 * modules Spring Security loads by name, and the classes it checks before loading some of
 * them;</li>
 * <li>every mixin the codec's mapper applies, Spring Security's and ours
 * ({@link TokenFreeDetailsModule}, {@link SessionLimitFailureModule}), with its target:
 * Jackson reads a mixin's annotations (and the deserializers they name) by reflection and
 * creates, reads and fills the target through them.</li>
 * </ul>
 * {@link CompactSecurityContext} needs nothing more: it creates its fixed classes with
 * {@code new} and reads only JSON trees. Application types in
 * {@code session-starter.attributes.allowed-types} are the application's to register.
 *
 * @author session-starter
 */
class JsonAttributeCodecRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		ClassLoader loader = (classLoader != null) ? classLoader : ClassUtils.getDefaultClassLoader();
		Assert.state(loader != null, "No class loader");
		ReflectionHints reflection = hints.reflection();
		for (String type : JsonAttributeCodec.DEFAULT_TYPES) {
			reflection.registerTypeIfPresent(loader, type, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
		}
		reflection.registerTypeIfPresent(loader, JsonAttributeCodec.SECURITY_MODULES);
		reflection.registerTypeIfPresent(loader, JsonAttributeCodec.SECURITY_WEB);
		if (ClassUtils.isPresent(JsonAttributeCodec.SECURITY_MODULES, loader)) {
			SecurityTypes.register(reflection, loader, ClassUtils.isPresent(JsonAttributeCodec.SECURITY_WEB, loader));
		}
	}

	/**
	 * Spring Security's part, touched only when it is present. Taken from the very
	 * modules and allowlist the codec builds, so that hints and codec cannot drift apart.
	 */
	private static final class SecurityTypes {

		/**
		 * What Spring Security's {@code SecurityJacksonModules} checks by name before it
		 * loads the module that needs it (as of Spring Security 7.1).
		 */
		private static final List<String> MODULE_PREREQUISITES = List.of("jakarta.servlet.http.Cookie",
				"org.springframework.security.oauth2.client.OAuth2AuthorizedClient",
				"org.springframework.security.oauth2.server.authorization.OAuth2Authorization");

		static void register(ReflectionHints reflection, ClassLoader loader, boolean web) {
			AllowlistRecorder allowlist = new AllowlistRecorder();
			List<JacksonModule> modules = JsonAttributeCodec.SecurityModules.get(loader, allowlist, web);
			for (JacksonModule module : modules) {
				if (module instanceof org.springframework.security.jackson.SecurityJacksonModule) {
					reflection.registerType(module.getClass(), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
				}
			}
			for (String name : MODULE_PREREQUISITES) {
				reflection.registerTypeIfPresent(loader, name);
			}
			BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
			mixins(modules).forEach((target, mixin) -> binding.registerReflectionHints(reflection, target, mixin));
			for (Class<?> type : allowlist.classes) {
				allowed(reflection, binding, type);
			}
			for (String name : allowlist.names) {
				// A name may also be a package prefix, which names no class.
				if (ClassUtils.isPresent(name, loader)) {
					allowed(reflection, binding, ClassUtils.resolveClassName(name, loader));
				}
			}
		}

		private static void allowed(ReflectionHints reflection, BindingReflectionHintsRegistrar binding,
				Class<?> type) {
			if (type.getName().startsWith("java.")) {
				// Jackson has its own (de)serializers for JDK types; it creates
				// collections and maps through their constructors.
				reflection.registerType(type, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
			}
			else {
				binding.registerReflectionHints(reflection, type);
			}
		}

		/**
		 * Every mixin the modules install, as target → mixin, as Jackson sees them.
		 */
		private static Map<Class<?>, Class<?>> mixins(List<JacksonModule> modules) {
			Map<Class<?>, Class<?>> mixins = new LinkedHashMap<>();
			JsonMapper.builder().mixInHandler(new MixInHandler(null) {

				@Override
				public MixInHandler addLocalDefinition(Class<?> target, Class<?> mixin) {
					mixins.put(target, mixin);
					return super.addLocalDefinition(target, mixin);
				}

			}).addModules(modules).build();
			return mixins;
		}

	}

	/**
	 * An allowlist builder that remembers the types added to it by class or by name.
	 */
	private static final class AllowlistRecorder extends BasicPolymorphicTypeValidator.Builder {

		final Set<Class<?>> classes = new LinkedHashSet<>();

		final Set<String> names = new LinkedHashSet<>();

		@Override
		public BasicPolymorphicTypeValidator.Builder allowIfSubType(Class<?> subType) {
			this.classes.add(subType);
			return super.allowIfSubType(subType);
		}

		@Override
		public BasicPolymorphicTypeValidator.Builder allowIfSubType(String prefixForSubType) {
			this.names.add(prefixForSubType);
			return super.allowIfSubType(prefixForSubType);
		}

	}

}
