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

import java.util.List;
import java.util.Map;

import dev.sessionstarter.benchmarks.HttpDriver.UserSession;

/**
 * The requests measured. Each prepares what its request needs without timing it (a login
 * needs a login page first, a logout a signed-in session) and hands back the one request
 * that is timed and counted.
 *
 * @author session-starter
 */
enum RequestKind {

	/** A request that never touches the session, without a cookie. */
	ANONYMOUS_GET("anonymous GET `/public/hello`", "", true) {
		@Override
		Request prepare(HttpDriver http, List<UserSession> sessions, long index) {
			return () -> http.get("/public/hello", null).expect(200);
		}
	},

	/** An authenticated request that reads the session and changes nothing. */
	AUTHENTICATED_GET("authenticated GET `/me`", "", true) {
		@Override
		Request prepare(HttpDriver http, List<UserSession> sessions, long index) {
			UserSession session = pick(sessions, index);
			return () -> http.get("/me", session.token()).expect(200);
		}
	},

	/** An authenticated request that sets one attribute. */
	POST_CART("POST `/cart` (sets one attribute)", "", false) {
		@Override
		Request prepare(HttpDriver http, List<UserSession> sessions, long index) {
			UserSession session = pick(sessions, index);
			Map<String, String> form = Map.of("item", "item" + (index % 7), "_csrf", session.csrf());
			return () -> http.post("/cart", form, session.token()).expect(200);
		}
	},

	/** The login form post; the login page (CSRF token) before it is not timed. */
	LOGIN("login (POST `/login`)", "each cycle also GETs the login page's CSRF token first (not timed)", false) {
		@Override
		Request prepare(HttpDriver http, List<UserSession> sessions, long index) {
			UserSession anonymous = http.anonymous();
			String user = "user" + (index % sessions.size());
			return () -> http.submitLogin(anonymous, user);
		}
	},

	/** The logout post; the login it needs is not timed. */
	LOGOUT("logout (POST `/logout`)", "each cycle first logs in with 3 requests (not timed)", false) {
		@Override
		Request prepare(HttpDriver http, List<UserSession> sessions, long index) {
			UserSession session = http.login("user" + (index % sessions.size()));
			return () -> http.post("/logout", Map.of("_csrf", session.csrf()), session.token()).expect(302);
		}
	};

	private final String label;

	private final String note;

	private final boolean reading;

	RequestKind(String label, String note, boolean reading) {
		this.label = label;
		this.note = note;
		this.reading = reading;
	}

	String label() {
		return this.label;
	}

	String note() {
		return this.note;
	}

	/**
	 * Whether the request only reads, so that sending it twice changes nothing: the quiet
	 * pass counts the second of two, the steady state a near cache is in under load.
	 * @return {@code true} for the GETs
	 */
	boolean reading() {
		return this.reading;
	}

	/**
	 * Does the untimed preparation for one request.
	 * @param http the client
	 * @param sessions the signed-in sessions of the run
	 * @param index a number that spreads requests over sessions and users
	 * @return the request to time
	 */
	abstract Request prepare(HttpDriver http, List<UserSession> sessions, long index);

	private static UserSession pick(List<UserSession> sessions, long index) {
		return sessions.get((int) (index % sessions.size()));
	}

	/**
	 * The timed part: one HTTP request, failing if its answer is not the expected one.
	 */
	@FunctionalInterface
	interface Request {

		void send();

	}

}
