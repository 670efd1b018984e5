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

package dev.sessionstarter.core.dbsc;

/**
 * What happens when a device-bound session comes without proof of its key: a request
 * without a valid bound cookie, or a refresh with a proof that does not verify. Either
 * way the request gets no session and a
 * {@link dev.sessionstarter.core.event.SessionDeviceBindingEvent} is published.
 *
 * @author session-starter
 */
public enum DeviceBindingMode {

	/**
	 * Refuse the session to that request only: the browser that holds the key keeps its
	 * session, and a thief's requests cannot end it.
	 */
	REPORT,

	/**
	 * End the session as well: the holder of the key must sign in again, and so must
	 * whoever copied its cookies.
	 */
	REVOKE

}
