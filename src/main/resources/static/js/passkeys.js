// Passkeys (WebAuthn) against Spring Security's endpoints: register on the account page, and use one as the
// second factor on the sign-in page. No inline script: the pages' CSP allows scripts from this site only.
const csrf = () => ({
  [document.querySelector('meta[name="_csrf_header"]').content]: document.querySelector('meta[name="_csrf"]').content,
});

const fromBase64url = (text) => {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
};

const toBase64url = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const post = async (url, body) => {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', ...csrf() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}`);
  }
  return response.json();
};

const showError = (message) => {
  const box = document.getElementById('passkey-error');
  box.textContent = message;
  box.hidden = false;
};

async function signInWithPasskey() {
  try {
    const options = await post('/webauthn/authenticate/options');
    options.challenge = fromBase64url(options.challenge);
    (options.allowCredentials || []).forEach((c) => { c.id = fromBase64url(c.id); });
    const credential = await navigator.credentials.get({ publicKey: options });
    const result = await post('/login/webauthn', {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      credType: credential.type,
      response: {
        authenticatorData: toBase64url(credential.response.authenticatorData),
        clientDataJSON: toBase64url(credential.response.clientDataJSON),
        signature: toBase64url(credential.response.signature),
        userHandle: credential.response.userHandle ? toBase64url(credential.response.userHandle) : null,
      },
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment,
    });
    if (!result.authenticated) {
      throw new Error('not authenticated');
    }
    window.location.href = '/';
  } catch (e) {
    showError('Your passkey could not be used. Try again, or enter a code from your authenticator app.');
  }
}

async function registerPasskey(label) {
  try {
    const options = await post('/webauthn/register/options');
    options.challenge = fromBase64url(options.challenge);
    options.user.id = fromBase64url(options.user.id);
    (options.excludeCredentials || []).forEach((c) => { c.id = fromBase64url(c.id); });
    const credential = await navigator.credentials.create({ publicKey: options });
    const result = await post('/webauthn/register', {
      publicKey: {
        credential: {
          id: credential.id,
          rawId: toBase64url(credential.rawId),
          type: credential.type,
          response: {
            attestationObject: toBase64url(credential.response.attestationObject),
            clientDataJSON: toBase64url(credential.response.clientDataJSON),
            transports: credential.response.getTransports ? credential.response.getTransports() : [],
          },
          clientExtensionResults: credential.getClientExtensionResults(),
          authenticatorAttachment: credential.authenticatorAttachment,
        },
        label,
      },
    });
    if (!result.success) {
      throw new Error('not registered');
    }
    window.location.href = '/account?passkey-added';
  } catch (e) {
    showError('The passkey could not be registered. Try again.');
  }
}

const signInButton = document.getElementById('use-passkey');
if (signInButton) {
  signInButton.addEventListener('click', (event) => { event.preventDefault(); signInWithPasskey(); });
}
const registerForm = document.getElementById('register-passkey');
if (registerForm) {
  registerForm.addEventListener('submit', (event) => {
    event.preventDefault();
    registerPasskey(document.getElementById('passkey-label').value || 'Passkey');
  });
}
