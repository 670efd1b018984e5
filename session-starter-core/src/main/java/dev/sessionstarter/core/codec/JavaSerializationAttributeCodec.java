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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Base64;
import java.util.Collection;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.util.ClassUtils;

/**
 * An opt-in {@link AttributeCodec} that uses Java serialization, for applications whose
 * session values cannot be written as JSON. Reading Java-serialized bytes from a store is
 * a classic remote-code-execution path, so every read runs behind an
 * {@link ObjectInputFilter} that admits only the listed classes (and arrays of them) and
 * bounds depth, references and size; everything else is rejected before it is
 * instantiated.
 *
 * @author session-starter
 */
public class JavaSerializationAttributeCodec implements AttributeCodec {

	private final ObjectInputFilter filter;

	private final @Nullable ClassLoader classLoader;

	/**
	 * Create a codec.
	 * @param allowedPatterns class name patterns as understood by
	 * {@link ObjectInputFilter.Config#createFilter(String)}, for example
	 * {@code com.example.cart.*} or {@code java.util.ArrayList}; must not be empty
	 */
	public JavaSerializationAttributeCodec(Collection<String> allowedPatterns) {
		this(allowedPatterns, null);
	}

	/**
	 * Create a codec that resolves classes with the given class loader. Applications pass
	 * their own: Java serialization otherwise resolves with the class loader of the
	 * starter's classes, which under Spring Boot DevTools is the parent of the restart
	 * class loader, and hands back instances the application cannot cast to its own
	 * types.
	 * @param allowedPatterns class name patterns as understood by
	 * {@link ObjectInputFilter.Config#createFilter(String)}; must not be empty
	 * @param classLoader the application's class loader, or {@code null} for the default
	 */
	public JavaSerializationAttributeCodec(Collection<String> allowedPatterns, @Nullable ClassLoader classLoader) {
		this.classLoader = (classLoader != null) ? classLoader : ClassUtils.getDefaultClassLoader();
		if (allowedPatterns.isEmpty()) {
			throw new IllegalArgumentException("Java serialization needs an explicit allowlist of classes");
		}
		for (String pattern : allowedPatterns) {
			if (pattern.isBlank() || pattern.contains(";") || pattern.startsWith("!") || pattern.contains("=")
					|| pattern.equals("*") || pattern.equals("**")) {
				throw new IllegalArgumentException("Not a class pattern: '" + pattern + "'");
			}
		}
		String spec = "maxdepth=20;maxrefs=10000;maxbytes=1048576;maxarray=100000;java.lang.*;"
				+ String.join(";", allowedPatterns) + ";!*";
		this.filter = ObjectInputFilter.Config.createFilter(spec);
	}

	@Override
	public String encode(Object value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		catch (IOException ex) {
			throw new AttributeCodecException("Cannot serialize a " + value.getClass().getName(), ex);
		}
		return Base64.getEncoder().encodeToString(bytes.toByteArray());
	}

	@Override
	public @Nullable Object decode(String stored) {
		try (ObjectInputStream in = new ConfigurableObjectInputStream(
				new ByteArrayInputStream(Base64.getDecoder().decode(stored)), this.classLoader, false)) {
			in.setObjectInputFilter(this.filter);
			return in.readObject();
		}
		catch (IOException | ClassNotFoundException | IllegalArgumentException ex) {
			throw new AttributeCodecException("Stored attribute was rejected by the deserialization filter or is"
					+ " malformed: " + ex.getMessage(), ex);
		}
	}

}
