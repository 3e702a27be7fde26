package social.kith.activitypub.delivery;

class InMemoryDeliveryQueueContractTest extends DeliveryQueueContract {
  @Override
  DeliveryQueue create() {
    return InMemoryDeliveryQueue.forTests();
  }
}
