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

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JavaSerializationAttributeCodecTests {

	@Test
	void roundTripsAllowlistedTypes() {
		JavaSerializationAttributeCodec codec = new JavaSerializationAttributeCodec(
				List.of("java.util.ArrayList", Note.class.getName()));
		ArrayList<Object> value = new ArrayList<>(List.of("a", new Note("hello")));
		assertThat(codec.decode(codec.encode(value))).isEqualTo(value);
	}

	@Test
	void rejectsTypesOutsideTheAllowlist() {
		JavaSerializationAttributeCodec writer = new JavaSerializationAttributeCodec(List.of(Note.class.getName()));
		JavaSerializationAttributeCodec reader = new JavaSerializationAttributeCodec(List.of("java.util.ArrayList"));
		String stored = writer.encode(new Note("hello"));
		assertThatExceptionOfType(AttributeCodecException.class).isThrownBy(() -> reader.decode(stored))
			.withMessageContaining("filter");
	}

	@Test
	void refusesToRunWithoutAnAllowlist() {
		assertThatIllegalArgumentException().isThrownBy(() -> new JavaSerializationAttributeCodec(List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new JavaSerializationAttributeCodec(List.of("*")));
		assertThatIllegalArgumentException().isThrownBy(() -> new JavaSerializationAttributeCodec(List.of("a;!*")));
	}

	@Test
	void rejectsTypesOutsideTheAllowlistWithTheApplicationsClassLoader() {
		ClassLoader application = JavaSerializationAttributeCodecTests.class.getClassLoader();
		JavaSerializationAttributeCodec writer = new JavaSerializationAttributeCodec(List.of(Note.class.getName()),
				application);
		JavaSerializationAttributeCodec reader = new JavaSerializationAttributeCodec(List.of("java.util.ArrayList"),
				application);
		String stored = writer.encode(new Note("hello"));
		assertThat(writer.decode(stored)).isEqualTo(new Note("hello"));
		assertThatExceptionOfType(AttributeCodecException.class).isThrownBy(() -> reader.decode(stored))
			.withMessageContaining("filter");
	}

	@Test
	void refusesSerializedProxiesEvenOfAllowedTypes() {
		List<String> allowed = List.of(Greeting.class.getName(), Greeter.class.getName(), "java.lang.reflect.Proxy");
		JavaSerializationAttributeCodec codec = new JavaSerializationAttributeCodec(allowed,
				JavaSerializationAttributeCodecTests.class.getClassLoader());
		Object proxy = Proxy.newProxyInstance(Greeting.class.getClassLoader(), new Class<?>[] { Greeting.class },
				new Greeter());
		String stored = codec.encode(proxy);
		assertThatExceptionOfType(AttributeCodecException.class).isThrownBy(() -> codec.decode(stored));
	}

	record Note(String text) implements Serializable {
	}

	interface Greeting extends Serializable {

		String greet();

	}

	record Greeter() implements InvocationHandler, Serializable {

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) {
			return "hello";
		}

	}

}
