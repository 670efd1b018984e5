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
 * Spring Security's reactive pieces for session-starter sessions: a security context
 * repository that gives the session a new token at login and on privilege change and runs
 * the steps of every login (including the concurrent-session limit's check), and a CSRF
 * token repository that keeps the token's bare value in the session.
 */
@NullMarked
package dev.sessionstarter.reactive.security;

import org.jspecify.annotations.NullMarked;
