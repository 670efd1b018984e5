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

package dev.sessionstarter.core.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sessionstarter.core.codec.AttributeCodec;
import dev.sessionstarter.core.codec.AttributeCodecException;
import org.jspecify.annotations.Nullable;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.PrincipalNameIndexResolver;
import org.springframework.session.SaveMode;

/**
 * What a request changed in a session, as the save scripts expect it: attributes to write
 * (only those whose encoded value differs from what is stored; values that hold an
 * identity provider's credentials sealed, see {@link SealedValues}), attributes to
 * delete, the principal when the security context or the principal-name attribute
 * changed, and the session's data key when it is new or the token changed.
 *
 * @author session-starter
 */
final class SessionDelta {

	static final String ATTRIBUTE_PREFIX = "a:";

	private static final String SECURITY_CONTEXT = "SPRING_SECURITY_CONTEXT";

	private static final String PRINCIPAL_NAME_INDEX_NAME = FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME;

	private static final PrincipalNameIndexResolver<StoredSession> PRINCIPAL_RESOLVER = new PrincipalNameIndexResolver<>();

	final Map<String, String> written = new LinkedHashMap<>();

	final Set<String> removed = new HashSet<>();

	/** Sealed attributes written: name to the value as encoded, before sealing. */
	final Map<String, String> opened = new LinkedHashMap<>();

	final List<String> args = new ArrayList<>();

	/** The data key wrapped for the session's token, when it must be written. */
	@Nullable String wrappedKey;

	@Nullable String principal;

	boolean isEmpty() {
		return this.written.isEmpty() && this.removed.isEmpty();
	}

	private SessionDelta() {
	}

	/**
	 * Reseal the stored sealed values this request does not write anyway under the
	 * session's new data key (a login or privilege change); values the previous key does
	 * not open are removed, as unreadable as they already were.
	 */
	private static void resealStored(StoredSession session, Set<String> written, SessionDelta delta) {
		byte[] previous = session.previousKey();
		session.stored().forEach((name, stored) -> {
			if (!SealedValues.isSealed(stored) || written.contains(name)) {
				return;
			}
			try {
				String encoded = SealedValues.open(nonNull(previous), name, stored);
				delta.written.put(name, SealedValues.seal(session.sealingKey(), name, encoded));
				delta.opened.put(name, encoded);
			}
			catch (AttributeCodecException | IllegalArgumentException ex) {
				delta.removed.add(name);
			}
		});
	}

	private static byte[] nonNull(byte @Nullable [] key) {
		if (key == null) {
			throw new IllegalArgumentException("No previous data key");
		}
		return key;
	}

	static SessionDelta of(StoredSession session, AttributeCodec codec, SaveMode saveMode) {
		SessionDelta delta = new SessionDelta();
		Map<String, Object> candidates = new LinkedHashMap<>(session.changes());
		if (saveMode != SaveMode.ON_SET_ATTRIBUTE) {
			for (String name : session.attributesRead()) {
				Object value = session.decodedValue(name);
				if (value != null) {
					candidates.putIfAbsent(name, value);
				}
			}
		}
		if (session.isRekeyed()) {
			resealStored(session, candidates.keySet(), delta);
		}
		candidates.forEach((name, value) -> {
			if (StoredSession.isRemoval(value)) {
				if (session.stored().containsKey(name)) {
					delta.removed.add(name);
				}
			}
			else {
				String encoded = codec.encode(value);
				if (!encoded.equals(session.storedEncoded(name))) {
					if (SealedValues.holdsProviderCredentials(value)) {
						delta.written.put(name, SealedValues.seal(session.sealingKey(), name, encoded));
						delta.opened.put(name, encoded);
					}
					else {
						delta.written.put(name, encoded);
					}
				}
			}
		});
		if (session.changes().containsKey(SECURITY_CONTEXT)
				|| session.changes().containsKey(PRINCIPAL_NAME_INDEX_NAME)) {
			String principal = PRINCIPAL_RESOLVER.resolveIndexValueFor(session);
			if (principal != null && !principal.equals(session.getPrincipalName())) {
				delta.principal = principal;
			}
		}
		// Laid out in fields by AttributeFields: a long value's pieces are written with
		// it, and those of its previous value that the new one does not overwrite go.
		List<String> sets = new ArrayList<>(delta.written.size() * 2);
		List<String> deletes = new ArrayList<>(delta.removed.size());
		delta.written.forEach((name, value) -> {
			int fields = AttributeFields.write(name, value, sets);
			String previous = session.stored().get(name);
			if (previous != null) {
				AttributeFields.pieces(name, fields, AttributeFields.fieldCount(name, previous), deletes);
			}
		});
		delta.removed.forEach((name) -> {
			deletes.add(ATTRIBUTE_PREFIX + name);
			String previous = session.stored().get(name);
			if (previous != null) {
				AttributeFields.pieces(name, 1, AttributeFields.fieldCount(name, previous), deletes);
			}
		});
		delta.args.add(Integer.toString(sets.size() / 2));
		delta.args.addAll(sets);
		delta.args.add(Integer.toString(deletes.size()));
		delta.args.addAll(deletes);
		delta.wrappedKey = session.wrappedKeyToWrite();
		delta.args.add((delta.wrappedKey != null) ? delta.wrappedKey : "");
		return delta;
	}

}
