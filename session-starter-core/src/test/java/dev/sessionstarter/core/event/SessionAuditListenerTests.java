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

package dev.sessionstarter.core.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionAuditListenerTests {

	private static final String ID = "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg";

	@Test
	void writesOneKeyValueLineWithTheDetailsOfTheEventType() {
		SessionRotatedEvent event = new SessionRotatedEvent(this, ID, "alice",
				new SessionEventContext("203.0.113.7", "Firefox 128 on Linux"), "previousId",
				SessionRotatedEvent.Reason.LOGIN);
		assertThat(SessionAuditListener.format(event)).isEqualTo("event=rotated session=" + ID
				+ " principal=alice ip=203.0.113.7 agent=\"Firefox 128 on Linux\" reason=LOGIN previous=previousId");
	}

	@Test
	void missingValuesAreWrittenAsDash() {
		SessionRevokedEvent event = new SessionRevokedEvent(this, ID, null, SessionEventContext.NONE, null,
				SessionRevokedEvent.Reason.INVALID);
		assertThat(SessionAuditListener.format(event))
			.isEqualTo("event=revoked session=" + ID + " principal=- ip=- agent=- reason=INVALID revokedBy=system");
	}

	@Test
	void principalsCannotForgeLinesOrKeys() {
		SessionLoggedOutEvent event = new SessionLoggedOutEvent(this, ID,
				"eve\nevent=logged-out principal=\"admin\" \\ \u2028", SessionEventContext.NONE);
		String line = SessionAuditListener.format(event);
		assertThat(line).doesNotContain("\n").doesNotContain("\u2028");
		assertThat(line).contains("principal=\"eve\\u000aevent=logged-out principal=\\\"admin\\\" \\\\ \\u2028\"");
	}

	@Test
	void storeOutagesNameTheClientAndTheCause() {
		SessionStoreUnavailableEvent event = new SessionStoreUnavailableEvent(this,
				new SessionEventContext("::1", "curl"), "QueryTimeoutException");
		assertThat(SessionAuditListener.format(event))
			.isEqualTo("event=store-unavailable ip=::1 agent=curl cause=QueryTimeoutException");
	}

}
