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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.sessionstarter.autoconfigure.app.EndToEndApplication;
import dev.sessionstarter.core.event.SessionRevokedEvent;
import dev.sessionstarter.core.token.SessionTokens;
import dev.sessionstarter.test.AutoConfigureRealRedis;
import dev.sessionstarter.test.RealRedis;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session hashes written straight into Redis, as an attacker with write access to the
 * store (or a bug, or an old deployment) could leave them: a type id naming a class
 * outside the allowlist, truncated JSON, a foreign format version, metadata that is not a
 * number. Each is answered as "no session", without an error page, the hash is deleted,
 * and no code of a named class runs: {@link Gadget} records any initialization or
 * construction of itself in {@link GadgetTrace}.
 */
@SpringBootTest(classes = EndToEndApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "session-starter.transport=both" })
@AutoConfigureRealRedis
@RecordApplicationEvents
class CraftedStoreContentsEndToEndTests {

	private static final String GADGET = Gadget.class.getName();

	@Autowired
	WebApplicationContext context;

	MockMvc mvc;

	@BeforeEach
	void mvc() {
		this.mvc = FilterChainMvc.of(this.context);
	}

	@Test
	void attributeNamingAClassOutsideTheAllowlistDropsTheSessionWithoutLoadingTheClass(RealRedis redis)
			throws Exception {
		for (String payload : gadgetPayloads()) {
			String token = craft(redis, Map.of("a:cart", payload));
			assertThat(get("/public/cart", token).getContentAsString()).as(payload).isEqualTo("[]");
			assertDropped(redis, token);
		}
		assertThat(GadgetTrace.initialized).hasValue(0);
		assertThat(GadgetTrace.constructed).hasValue(0);
	}

	@Test
	void securityContextNamingAClassOutsideTheAllowlistIsNoLogin(RealRedis redis) throws Exception {
		for (String payload : gadgetPayloads()) {
			String token = craft(redis, Map.of("principal", "root", "a:SPRING_SECURITY_CONTEXT", payload));
			assertThat(get("/me", token).getStatus()).as(payload).isEqualTo(302);
			assertDropped(redis, token);
		}
		assertThat(GadgetTrace.initialized).hasValue(0);
		assertThat(GadgetTrace.constructed).hasValue(0);
	}

	@Test
	void truncatedAttributesDropTheSession(RealRedis redis) throws Exception {
		String token = craft(redis, Map.of("a:cart", "[\"java.util.ArrayList\",[\"app"));
		assertThat(get("/public/cart", token).getContentAsString()).isEqualTo("[]");
		assertDropped(redis, token);
		for (String context : List.of("sc1:", "sc1:YWxpY2U", "{\"@class\":\"org.springframework.security.core.context"
				+ ".SecurityContextImpl\",\"authentication\":{")) {
			token = craft(redis, Map.of("principal", "alice", "a:SPRING_SECURITY_CONTEXT", context));
			assertThat(get("/me", token).getStatus()).as(context).isEqualTo(302);
			assertDropped(redis, token);
		}
	}

	@Test
	void foreignOrMissingFormatVersionDropsTheSession(RealRedis redis) throws Exception {
		for (String version : new String[] { "2", "0", "", "1 " }) {
			String token = craft(redis, Map.of("v", version, "a:cart", "[\"java.util.ArrayList\",[\"apple\"]]"));
			assertThat(get("/public/cart", token).getContentAsString()).as(version).isEqualTo("[]");
			assertDropped(redis, token);
		}
		String token = craft(redis, Map.of("a:cart", "[\"java.util.ArrayList\",[\"apple\"]]"));
		redis.command("HDEL", key(token), "v");
		assertThat(get("/public/cart", token).getContentAsString()).isEqualTo("[]");
		assertDropped(redis, token);
	}

	@Test
	void metadataThatIsNotANumberDropsTheSession(RealRedis redis) throws Exception {
		long now = System.currentTimeMillis();
		List<Map<String, String>> bad = List.of(Map.of("created", "yesterday"), Map.of("created", ""),
				Map.of("lastAccess", "1e3"), Map.of("lastAccess", Long.toString(now) + ".5"),
				Map.of("idle", "0x7fffffff"), Map.of("idle", "abc"), Map.of("absolute", "inf"),
				Map.of("absolute", " " + (now + 60_000)));
		for (Map<String, String> fields : bad) {
			String token = craft(redis, fields);
			MockHttpServletResponse response = get("/public/cart", token);
			assertThat(response.getStatus()).as(fields.toString()).isEqualTo(200);
			assertThat(response.getContentAsString()).as(fields.toString()).isEqualTo("[]");
			assertDropped(redis, token);
		}
	}

	@Test
	void theGadgetPayloadsWouldRunCodeInAPermissiveDecoder() {
		// The control for the tests above: the same payload shapes, read by a mapper that
		// trusts any type id, construct the named class. A decoder that ignored type ids
		// altogether would pass the tests above for the wrong reason.
		JsonMapper permissive = JsonMapper.builder()
			.activateDefaultTyping(
					BasicPolymorphicTypeValidator.builder().allowIfSubType("dev.").allowIfSubType("java.util.").build(),
					DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY)
			.build();
		for (String payload : gadgetPayloads()) {
			int before = GadgetTrace.controlConstructed.get();
			permissive.readValue(payload.replace(GADGET, ControlGadget.class.getName()), Object.class);
			assertThat(GadgetTrace.controlConstructed.get()).as(payload).isEqualTo(before + 1);
		}
	}

	@Test
	void droppingAnUnreadableSessionPublishesARevokedEvent(RealRedis redis, ApplicationEvents events) throws Exception {
		String token = craft(redis, Map.of("a:cart", gadgetPayloads().get(0)));
		get("/public/cart", token);
		String versioned = craft(redis, Map.of("v", "2"));
		get("/public/cart", versioned);
		assertThat(events.stream(SessionRevokedEvent.class)).hasSize(2).allSatisfy((event) -> {
			assertThat(event.getReason()).isEqualTo(SessionRevokedEvent.Reason.INVALID);
			assertThat(event.getRevokedBy()).isNull();
		});
		assertThat(events.stream(SessionRevokedEvent.class).map(SessionRevokedEvent::getSessionId))
			.containsExactly(SessionTokens.storageId(token), SessionTokens.storageId(versioned));
	}

	private static List<String> gadgetPayloads() {
		return List.of("{\"@class\":\"" + GADGET + "\",\"name\":\"x\"}", "[\"" + GADGET + "\",{\"name\":\"x\"}]",
				"[\"java.util.ArrayList\",[{\"@class\":\"" + GADGET + "\"}]]",
				"[\"java.util.HashMap\",{\"k\":{\"@class\":\"" + GADGET + "\"}}]");
	}

	/**
	 * Writes a live-looking session hash for a freshly minted token, with the given
	 * fields replacing or adding to well-formed metadata.
	 */
	private static String craft(RealRedis redis, Map<String, String> fields) {
		String token = SessionTokens.mint();
		long now = System.currentTimeMillis();
		Map<String, String> hash = new LinkedHashMap<>();
		hash.put("v", "1");
		hash.put("created", Long.toString(now));
		hash.put("lastAccess", Long.toString(now));
		hash.put("idle", "1800000");
		hash.put("absolute", Long.toString(now + 28_800_000));
		hash.putAll(fields);
		List<String> command = new ArrayList<>(List.of("HSET", key(token)));
		hash.forEach((field, value) -> {
			command.add(field);
			command.add(value);
		});
		redis.command(command.toArray(String[]::new));
		redis.command("PEXPIRE", key(token), "1800000");
		return token;
	}

	private MockHttpServletResponse get(String path, String token) throws Exception {
		MockHttpServletResponse response = this.mvc
			.perform(MockMvcRequestBuilders.get(path).cookie(new Cookie("__Host-SID", token)))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).isLessThan(500);
		return response;
	}

	private static void assertDropped(RealRedis redis, String token) {
		assertThat(redis.command("EXISTS", key(token)).trim()).as("the crafted session is deleted").isEqualTo("0");
	}

	private static String key(String token) {
		return "session-starter:s:{" + SessionTokens.storageId(token) + "}";
	}

	/**
	 * Counts what the gadgets do; a separate class, so that reading the counts never
	 * initializes a gadget.
	 */
	static final class GadgetTrace {

		static final AtomicInteger initialized = new AtomicInteger();

		static final AtomicInteger constructed = new AtomicInteger();

		static final AtomicInteger controlConstructed = new AtomicInteger();

	}

	/**
	 * Stands for a class whose initialization or construction has side effects, the raw
	 * material of deserialization attacks. Never referenced in a way that initializes it.
	 */
	public static class Gadget {

		static {
			GadgetTrace.initialized.incrementAndGet();
		}

		public String name = "";

		public Gadget() {
			GadgetTrace.constructed.incrementAndGet();
		}

	}

	/**
	 * The same shape as {@link Gadget}, for the positive control.
	 */
	public static class ControlGadget {

		public String name = "";

		public ControlGadget() {
			GadgetTrace.controlConstructed.incrementAndGet();
		}

	}

}
