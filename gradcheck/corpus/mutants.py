"""Realistic buggy layers in the post's style: each is a correct layer from :mod:`correct` with one slip."""

from __future__ import annotations

import numpy as np

from . import correct


class LinearInputGradNoTranspose(correct.Linear):
    """Input gradient with the weights not transposed (only runs when the layer is square)."""

    def backward(self, grad):
        super().backward(grad)
        return grad @ self.weights


class LinearWeightGradTransposed(correct.Linear):
    """Weight gradient computed as grad.T @ x: the transpose of the right one."""

    def backward(self, grad):
        out = super().backward(grad)
        self.grad_w = grad.T @ self.x
        return out


class LinearMeanNotSum(correct.Linear):
    """Weight gradient averaged over the batch where the convention is a sum."""

    def backward(self, grad):
        out = super().backward(grad)
        self.grad_w = self.x.T @ grad / len(self.x)
        return out


class LinearHardCodedBatch(correct.MeanLinear):
    """A mean over a hard-coded batch size of 64 instead of the real one."""

    def backward(self, grad):
        out = super().backward(grad)
        self.grad_w = self.x.T @ grad / 64
        return out


class LinearBiasFirstSample(correct.Linear):
    """Bias gradient taken from the first sample only, not summed over the batch."""

    def backward(self, grad):
        out = super().backward(grad)
        self.grad_b = grad[0]
        return out


class LinearBiasScalar(correct.Linear):
    """Bias gradient summed over everything: right only when there is one output unit."""

    def backward(self, grad):
        out = super().backward(grad)
        self.grad_b = np.array(grad.sum())
        return out


class LinearBiasKeepdims(correct.Linear):
    """Bias gradient of shape (1, n_out): it only broadcasts to the bias's shape."""

    def backward(self, grad):
        out = super().backward(grad)
        self.grad_b = grad.sum(axis=0, keepdims=True)
        return out


class LinearAccumulates(correct.Linear):
    """Gradients accumulated across calls (+=) and never reset."""

    def backward(self, grad):
        if not hasattr(self, "grad_w"):
            self.grad_w = np.zeros_like(self.weights)
            self.grad_b = np.zeros_like(self.bias)
        self.grad_w += self.x.T @ grad
        self.grad_b += grad.sum(axis=0)
        return grad @ self.weights.T


class LinearCachesFirstInput(correct.Linear):
    """Caches the input only on the first forward: every later backward uses a stale x."""

    def forward(self, x):
        if not hasattr(self, "x"):
            self.x = x
        return x @ self.weights + self.bias


class LinearUpdatesWeights(correct.Linear):
    """Backward applies an SGD step to the weights itself."""

    def backward(self, grad):
        out = super().backward(grad)
        self.weights -= 0.1 * self.grad_w
        return out


class SigmoidFromInput(correct.Sigmoid):
    """Derivative computed from the input x instead of the output σ(x)."""

    def forward(self, x):
        self.x = x
        return super().forward(x)

    def backward(self, grad):
        return self.x * (1 - self.x) * grad


class SigmoidTwoBranches(correct.Sigmoid):
    """The post's sigmoid: exp evaluated on both branches of np.where, overflowing for |x| > 709."""

    def forward(self, x):
        self.s = np.where(x > 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))
        return self.s

    def backward(self, grad):
        return self.s * (1 - self.s) * grad


class SigmoidNaive(correct.Sigmoid):
    """1 / (1 + exp(−x)): overflows in exp for x < −709."""

    def forward(self, x):
        self.s = 1 / (1 + np.exp(-x))
        return self.s

    def backward(self, grad):
        return self.s * (1 - self.s) * grad


class SigmoidIgnoresUpstream(correct.Sigmoid):
    """Returns σ'(x) and forgets to multiply by the upstream gradient."""

    def backward(self, grad):
        return self.s * self.s_neg


class SigmoidCachedDerivative(correct.Sigmoid):
    """Memoises the derivative on the first backward and reuses it after every later forward."""

    def backward(self, grad):
        if not hasattr(self, "derivative"):
            self.derivative = self.s * self.s_neg
        return self.derivative * grad


class ReLUGatesOnGrad(correct.ReLU):
    """Gates on the sign of the upstream gradient instead of on the input."""

    def backward(self, grad):
        return np.where(grad > 0, grad, 0.0)


class ReLUMutatesInput(correct.ReLU):
    """Zeroes the negative inputs in place: the caller's x changes."""

    def forward(self, x):
        x[x < 0] = 0
        self.x = x
        return x


class ReLUMutatesGrad(correct.ReLU):
    """Zeroes the upstream gradient in place."""

    def backward(self, grad):
        grad[self.x <= 0] = 0
        return grad


class ReLUFromPreviousForward(correct.ReLU):
    """Keeps the previous forward's input and gates backward with it."""

    def forward(self, x):
        self.x, self.previous = x, getattr(self, "x", x)
        return np.maximum(x, 0)

    def backward(self, grad):
        return np.where(self.previous > 0, grad, 0.0)


class LeakyReLUNoSlope(correct.LeakyReLU):
    """Backward drops the slope: zero gradient for negative inputs."""

    def backward(self, grad):
        return np.where(self.x > 0, grad, 0.0)


class TanhMissingSquare(correct.Tanh):
    """Derivative written 1 − tanh(x) instead of 1 − tanh²(x)."""

    def backward(self, grad):
        return (1 - self.y) * grad


class AbsNoSign(correct.Abs):
    """Passes the gradient straight through, forgetting the sign of x."""

    def backward(self, grad):
        return grad


class HardClipInverted(correct.HardClip):
    """Passes the gradient outside the clip range and blocks it inside."""

    def backward(self, grad):
        return np.where(np.abs(self.x) >= 1, grad, 0.0)


class ScaleDoubled(correct.Scale):
    """Parameter gradient off by a factor of two."""

    def backward(self, grad):
        out = super().backward(grad)
        self.grad_scale = 2 * (grad * self.x).sum(axis=0)
        return out


class BCEPrecedence(correct.BinaryCrossEntropy):
    """(ŷ − y) / ŷ * (1 − ŷ): a missing pair of parentheses."""

    def backward(self):
        inside = (self.raw >= self.eps) & (self.raw <= 1 - self.eps)
        return np.where(inside, (self.p - self.y) / self.p * (1 - self.p), 0.0)


class BCESignSlip(correct.BinaryCrossEntropy):
    """(y − ŷ) where (ŷ − y) belongs."""

    def backward(self):
        inside = (self.raw >= self.eps) & (self.raw <= 1 - self.eps)
        return np.where(inside, (self.y - self.p) / (self.p * (1 - self.p)), 0.0)


class BCEIgnoresClip(correct.BinaryCrossEntropy):
    """The post's backward: non-zero where the clip is active, where forward is flat."""

    def backward(self):
        return (self.p - self.y) / (self.p * (1 - self.p))


class BCEMeanInBackward(correct.BinaryCrossEntropy):
    """Forward returns per-sample losses, but backward divides by the batch size."""

    def backward(self):
        return super().backward() / len(self.y)


class BCEWithLogitsExtraSigmoidFactor(correct.BCEWithLogits):
    """Multiplies the fused gradient by σ'(z) again, as if the sigmoid were still a separate layer."""

    def backward(self):
        s = super().backward() + self.y
        return (s - self.y) * s * (1 - s)


class BCEWithLogitsNaive(correct.BCEWithLogits):
    """log(1 + exp(z)) written directly: overflows for z > 709."""

    def forward(self, z, y):
        self.z, self.y = z, y
        return np.log(1 + np.exp(z)) - y * z


class MSEMissingTwo(correct.MSE):
    """Forgets the factor 2 of the square's derivative."""

    def backward(self):
        return self.diff
