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

package dev.sessionstarter.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sessionstarter.core.codec.JsonAttributeCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Encoding and decoding the attributes of a realistic signed-in session with the default
 * JSON codec: Spring Security's context (a {@link User} with two roles and credentials
 * erased, as Spring Security 7's form login leaves it: with a {@code FACTOR_PASSWORD}
 * {@link FactorGrantedAuthority} next to the roles), a small cart and two strings. One
 * operation is the whole session, attribute by attribute, as the store writes and reads
 * it. {@code decodeCompactSecurityContext} reads the same context without the factor
 * authority.
 *
 * @author session-starter
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmarks {

	private final JsonAttributeCodec codec = new JsonAttributeCodec();

	private final Map<String, Object> attributes = new LinkedHashMap<>();

	private final Map<String, String> encoded = new LinkedHashMap<>();

	private String compactContext = "";

	@Setup
	public void session() {
		User user = (User) User.withUsername("alice").password("{noop}password").roles("USER", "CUSTOMER").build();
		user.eraseCredentials();
		List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
		authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
			.issuedAt(Instant.now())
			.build());
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(user,
				null, authorities);
		authentication.setDetails(new WebAuthenticationDetails("127.0.0.1", null));
		this.attributes.put("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(authentication));
		UsernamePasswordAuthenticationToken withoutFactor = UsernamePasswordAuthenticationToken.authenticated(user,
				null, user.getAuthorities());
		withoutFactor.setDetails(new WebAuthenticationDetails("127.0.0.1", null));
		this.compactContext = this.codec.encode(new SecurityContextImpl(withoutFactor));
		this.attributes.put("cart", new ArrayList<>(List.of("apple", "pear", "tea")));
		this.attributes.put("locale", "en-GB");
		this.attributes.put("lastPage", "/products/42");
		this.attributes.forEach((name, value) -> this.encoded.put(name, this.codec.encode(value)));
	}

	/**
	 * Size of the encoded session, reported next to the timings.
	 * @return total characters of the encoded attribute values
	 */
	public int encodedLength() {
		return this.encoded.values().stream().mapToInt(String::length).sum();
	}

	@Benchmark
	public void encodeSession(Blackhole blackhole) {
		for (Object value : this.attributes.values()) {
			blackhole.consume(this.codec.encode(value));
		}
	}

	@Benchmark
	public void decodeSession(Blackhole blackhole) {
		for (String stored : this.encoded.values()) {
			blackhole.consume(this.codec.decode(stored));
		}
	}

	/**
	 * Size of the stored security context, reported next to the timings.
	 * @return characters of the context as stored, with and without the factor authority
	 */
	public int[] contextLengths() {
		return new int[] { this.encoded.get("SPRING_SECURITY_CONTEXT").length(), this.compactContext.length() };
	}

	/**
	 * Whether the stored security context is in the codec's compact form, reported next
	 * to the timings.
	 * @return whether the context with the factor authority is stored compactly
	 */
	public boolean contextIsCompact() {
		return this.encoded.get("SPRING_SECURITY_CONTEXT").startsWith("sc1:");
	}

	@Benchmark
	public Object decodeCompactSecurityContext() {
		Object decoded = this.codec.decode(this.compactContext);
		return (decoded != null) ? decoded : "";
	}

	@Benchmark
	public Object decodeSecurityContext() {
		Object decoded = this.codec.decode(this.encoded.get("SPRING_SECURITY_CONTEXT"));
		return (decoded != null) ? decoded : "";
	}

}
