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

package dev.sessionstarter.autoconfigure.oidc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How the JDK for Keycloak is told from other directories, and that a JDK named for it is
 * used as named or fails the run. Runs in every build: it starts no Keycloak.
 */
class KeycloakJavaTests {

	@TempDir
	Path directory;

	@AfterEach
	void forgetTheNamedJdk() {
		System.clearProperty(KeycloakJava.PROPERTY);
	}

	@Test
	void versionComesFromTheReleaseFile() throws IOException {
		assertThat(KeycloakJava.version(jdk("temurin-21", "21.0.5"))).isEqualTo(21);
		assertThat(KeycloakJava.version(jdk("temurin-25", "25"))).isEqualTo(25);
		assertThat(KeycloakJava.version(jdk("early-access", "26-ea"))).isEqualTo(26);
		assertThat(KeycloakJava.version(jdk("legacy", "1.8.0_402"))).isEqualTo(8);
	}

	@Test
	void aDirectoryWithoutAReleaseFileOrJavaIsNoJdk() throws IOException {
		Path noJava = jdk("no-java", "21.0.5");
		Files.delete(noJava.resolve("bin").resolve("java"));
		Path noRelease = jdk("no-release", "21.0.5");
		Files.delete(noRelease.resolve("release"));
		assertThat(KeycloakJava.version(noJava)).isNull();
		assertThat(KeycloakJava.version(noRelease)).isNull();
		assertThat(KeycloakJava.version(this.directory.resolve("missing"))).isNull();
	}

	@Test
	void aNamedJdkIsUsedAsNamed() throws IOException {
		Path named = jdk("named", "21.0.5");
		System.setProperty(KeycloakJava.PROPERTY, named.toString());
		assertThat(KeycloakJava.find()).isEqualTo(named);
	}

	@Test
	void aNamedJdkThatIsTooOldFailsTheRunAndSaysWhy() throws IOException {
		Path old = jdk("old", "17.0.15");
		System.setProperty(KeycloakJava.PROPERTY, old.toString());
		assertThatIllegalStateException().isThrownBy(KeycloakJava::find)
			.withMessageContaining(KeycloakJava.PROPERTY)
			.withMessageContaining("Java 17");
	}

	private Path jdk(String name, String version) throws IOException {
		Path home = Files.createDirectories(this.directory.resolve(name));
		Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
		Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
		Files.writeString(java, "#!/bin/sh\n");
		Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
		return home;
	}

}
