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

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SessionAttributeTypesAotProcessor}, run as ahead-of-time processing runs it: on
 * an application context whose environment names the session attribute types.
 *
 * @author session-starter
 */
class SessionAttributeTypesAotProcessorTests {

	@Test
	void isRegisteredForAheadOfTimeProcessing() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(BeanFactoryInitializationAotProcessor.class))
			.hasAtLeastOneElementOfType(SessionAttributeTypesAotProcessor.class);
	}

	@Test
	void allowedClassesCanBeLoadedCreatedReadAndFilledInTheNativeImage() throws NoSuchMethodException {
		RuntimeHints hints = processAheadOfTime(
				Map.of("session-starter.attributes.allowed-types", Cart.class.getName() + ",com.example.cart."));
		assertThat(RuntimeHintsPredicates.reflection().onType(Cart.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(Cart.class.getConstructor()))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Cart.class, "getItems")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Cart.class, "setItems")).accepts(hints);
		assertThat(RuntimeHintsPredicates.serialization().onType(Cart.class)).rejects(hints);
	}

	@Test
	void withJavaSerializationAllowedClassesAreRegisteredForIt() {
		RuntimeHints hints = processAheadOfTime(Map.of("session-starter.attributes.allowed-types", Cart.class.getName(),
				"session-starter.attributes.java-serialization", "true"));
		assertThat(RuntimeHintsPredicates.serialization().onType(Cart.class)).accepts(hints);
	}

	@Test
	void packagePrefixesAndMissingClassesAddNothing() {
		// The prefix covers Cart, which is still not registered: prefixes name no class.
		RuntimeHints hints = processAheadOfTime(Map.of("session-starter.attributes.allowed-types",
				Cart.class.getPackageName() + ".,com.example.NoSuchCart"));
		assertThat(RuntimeHintsPredicates.reflection().onType(Cart.class)).rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of("com.example.NoSuchCart")))
			.rejects(hints);
		assertThat(new SessionAttributeTypesAotProcessor().processAheadOfTime(new DefaultListableBeanFactory()))
			.isNull();
	}

	private static RuntimeHints processAheadOfTime(Map<String, Object> properties) {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
			DefaultGenerationContext generationContext = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get("com.example", "TestApplication")),
					new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
			return generationContext.getRuntimeHints();
		}
	}

	/**
	 * An application's session attribute.
	 */
	public static class Cart implements Serializable {

		private List<String> items = new ArrayList<>();

		public List<String> getItems() {
			return this.items;
		}

		public void setItems(List<String> items) {
			this.items = items;
		}

	}

}
