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

package dev.sessionstarter.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Registers, for a native image, the application classes named in
 * {@code session-starter.attributes.allowed-types} when the application is processed
 * ahead of time. The codec reads them back by name (a JSON type id, or a class descriptor
 * with Java serialization) and, for JSON, creates, reads and fills them by reflection; a
 * native image can do that only for classes registered at build time, so the value of the
 * property at build time is the one that counts. Package prefixes (ending in {@code .})
 * name no class: their classes are the application's to register.
 *
 * @author session-starter
 */
class SessionAttributeTypesAotProcessor implements BeanFactoryInitializationAotProcessor {

	private static final String ATTRIBUTES = "session-starter.attributes";

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		if (!beanFactory.containsBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME)) {
			return null;
		}
		Binder binder = Binder
			.get(beanFactory.getBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME, Environment.class));
		ClassLoader classLoader = beanFactory.getBeanClassLoader();
		List<Class<?>> types = binder.bind(ATTRIBUTES + ".allowed-types", Bindable.listOf(String.class))
			.orElse(List.of())
			.stream()
			.filter((name) -> !name.endsWith(".") && ClassUtils.isPresent(name, classLoader))
			.<Class<?>>map((name) -> ClassUtils.resolveClassName(name, classLoader))
			.toList();
		if (types.isEmpty()) {
			return null;
		}
		boolean javaSerialization = binder.bind(ATTRIBUTES + ".java-serialization", Boolean.class).orElse(false);
		return (generationContext, code) -> register(generationContext.getRuntimeHints(), types, javaSerialization);
	}

	private static void register(RuntimeHints hints, List<Class<?>> types, boolean javaSerialization) {
		if (javaSerialization) {
			types.forEach((type) -> hints.serialization().registerType(TypeReference.of(type)));
		}
		else {
			new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
					types.toArray(Class<?>[]::new));
		}
	}

}
