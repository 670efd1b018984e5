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

import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * Decides on a type id before Jackson resolves it. Jackson resolves a type id with
 * {@code Class.forName(name, true, loader)}, which runs the class's static initializer,
 * and only then asks class-based allowlist entries. Here a name the allowlist cannot
 * decide on by itself is loaded <em>without</em> initialization and checked; anything not
 * allowed is refused before any of its code runs.
 *
 * @author session-starter
 */
final class TypeIdValidator extends PolymorphicTypeValidator.Base {

	private final PolymorphicTypeValidator allowlist;

	private final ClassLoader classLoader;

	TypeIdValidator(PolymorphicTypeValidator allowlist, ClassLoader classLoader) {
		this.allowlist = allowlist;
		this.classLoader = classLoader;
	}

	@Override
	public Validity validateBaseType(DatabindContext ctxt, JavaType baseType) {
		return this.allowlist.validateBaseType(ctxt, baseType);
	}

	@Override
	public Validity validateSubClassName(DatabindContext ctxt, JavaType baseType, String subClassName) {
		Validity byName = this.allowlist.validateSubClassName(ctxt, baseType, subClassName);
		if (byName != Validity.INDETERMINATE) {
			return byName;
		}
		Class<?> candidate;
		try {
			candidate = Class.forName(subClassName, false, this.classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return Validity.DENIED;
		}
		JavaType type = ctxt.getTypeFactory().constructType(candidate);
		return (this.allowlist.validateSubType(ctxt, baseType, type) == Validity.ALLOWED) ? Validity.ALLOWED
				: Validity.DENIED;
	}

	@Override
	public Validity validateSubType(DatabindContext ctxt, JavaType baseType, JavaType subType) {
		return this.allowlist.validateSubType(ctxt, baseType, subType);
	}

}
