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

/**
 * Device Bound Session Credentials (W3C DBSC) for servlet applications: the offer at
 * login, and the filter that answers the browser's registration and refresh requests
 * (with the engine's {@link dev.sessionstarter.core.dbsc.DeviceBindingEndpoints}) and
 * hands each request's bound cookie to the store's check.
 */
@NullMarked
package dev.sessionstarter.servlet.dbsc;

import org.jspecify.annotations.NullMarked;
